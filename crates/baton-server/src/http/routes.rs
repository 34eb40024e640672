//! The server's routes: each operation of `baton_api::operation` routed to its handler once,
//! by [`Routes::operation`], which keeps the list of what it serves. `/openapi.json` is built
//! from that list, so a routed operation is documented and a documented one is routed; the
//! few routes outside the API (the document itself, the demo bank) are declared with
//! [`Routes::get`] and [`Routes::post`], served but not documented.

use std::sync::Arc;

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, delete, get, post};
use baton_api::operation::{Method, Operation};

use super::App;

/// Routes being declared: the router, every method and path it answers, and the operations
/// among them.
pub struct Routes {
    router: Router<Arc<App>>,
    served: Vec<(Method, &'static str)>,
    operations: Vec<&'static Operation>,
}

impl Routes {
    /// No route yet.
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            served: Vec::new(),
            operations: Vec::new(),
        }
    }

    /// `operation`, answered by `handler`, at its method and path.
    pub fn operation<H, T>(mut self, operation: &'static Operation, handler: H) -> Self
    where
        H: Handler<T, Arc<App>>,
        T: 'static,
    {
        let route = match operation.method {
            Method::Get => get(handler),
            Method::Post => post(handler),
            Method::Delete => delete(handler),
        };
        self.operations.push(operation);
        self.add(operation.method, operation.path, route)
    }

    /// `GET path` outside the API (not documented), answered by `handler`.
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<App>>,
        T: 'static,
    {
        self.add(Method::Get, path, get(handler))
    }

    /// `POST path` outside the API (not documented), answered by `handler`.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<App>>,
        T: 'static,
    {
        self.add(Method::Post, path, post(handler))
    }

    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<Arc<App>>) -> Self {
        // axum merges the methods of one path declared in several calls.
        self.router = self.router.route(path, route);
        self.served.push((method, path));
        self
    }

    /// These routes and `other`'s.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self.operations.extend(other.operations);
        self
    }

    /// Every method and path served, in declaration order.
    pub fn served(&self) -> &[(Method, &'static str)] {
        &self.served
    }

    /// The API's operations served, in declaration order.
    pub fn operations(&self) -> &[&'static Operation] {
        &self.operations
    }

    /// The axum router.
    pub fn into_router(self) -> Router<Arc<App>> {
        self.router
    }
}
