// The packaging app's entry: every package entry in one bundle, as a bank's app would.
import { customer } from "./visitor";
import { desk } from "./agent";
import { deskIn } from "./desk";

const server = window.location.origin;
void customer(server, "token").catch(console.error);
void desk(server).catch(console.error);
void deskIn(document.body).catch(console.error);
