//! The server's routes, each declared once with its method and path: [`Routes`] builds the
//! axum router and keeps the list of what it serves, so that a test compares what is served
//! with the OpenAPI document in both directions.

use std::sync::Arc;

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, delete, get, post};

use super::App;

/// Routes being declared: the router, and every method and full path it answers.
pub struct Routes {
    router: Router<Arc<App>>,
    served: Vec<(&'static str, String)>,
}

impl Routes {
    /// No route yet.
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            served: Vec::new(),
        }
    }

    /// `GET path` answered by `handler`.
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<App>>,
        T: 'static,
    {
        self.add("get", path, get(handler))
    }

    /// `POST path` answered by `handler`.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<App>>,
        T: 'static,
    {
        self.add("post", path, post(handler))
    }

    /// `DELETE path` answered by `handler`.
    pub fn delete<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<App>>,
        T: 'static,
    {
        self.add("delete", path, delete(handler))
    }

    fn add(mut self, method: &'static str, path: &str, route: MethodRouter<Arc<App>>) -> Self {
        // axum merges the methods of one path declared in several calls.
        self.router = self.router.route(path, route);
        self.served.push((method, path.to_owned()));
        self
    }

    /// These routes and `other`'s.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }

    /// These routes and `other`'s under `prefix`.
    pub fn nest(mut self, prefix: &str, other: Routes) -> Self {
        self.router = self.router.nest(prefix, other.router);
        self.served.extend(
            other
                .served
                .into_iter()
                .map(|(method, path)| (method, format!("{prefix}{path}"))),
        );
        self
    }

    /// Every method and full path served, in declaration order.
    pub fn served(&self) -> &[(&'static str, String)] {
        &self.served
    }

    /// The axum router.
    pub fn into_router(self) -> Router<Arc<App>> {
        self.router
    }
}
