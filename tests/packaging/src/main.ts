// The packaging app's entry: both package entries in one bundle, as a bank's app would.
import { customer } from "./visitor";
import { desk } from "./agent";

const server = window.location.origin;
void customer(server, "token").catch(console.error);
void desk(server).catch(console.error);
