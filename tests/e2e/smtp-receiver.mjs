// The e2e run's mail server: a minimal RFC 5321 receiver on loopback that accepts every mail
// and writes each one as JSON ({ mailFrom, rcptTo, raw }) into the folder BATON_E2E_MAIL_DIR,
// where the `smtp` fixture (fixtures.ts) reads it. `cargo xtask test` starts it on
// BATON_E2E_SMTP_PORT and points baton-server's `--smtp smtp://127.0.0.1:<port>?tls=none`
// at it, so e-mail invitations travel the same way as in production, through lettre's client.
// Plain text only (no STARTTLS, no AUTH): the server is told `tls=none` and has no credentials.

import { createServer } from "node:net";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const folder = process.env.BATON_E2E_MAIL_DIR;
const port = Number(process.env.BATON_E2E_SMTP_PORT);
if (!folder || !Number.isInteger(port) || port <= 0) {
  console.error("smtp-receiver: set BATON_E2E_MAIL_DIR and BATON_E2E_SMTP_PORT");
  process.exit(2);
}
mkdirSync(folder, { recursive: true });

let received = 0;

/** Writes one mail; the rename makes it appear whole, never half-written, to a reader. */
function store(mail) {
  received += 1;
  const name = `${String(received).padStart(5, "0")}-${Date.now()}.json`;
  const partial = join(folder, `.${name}.partial`);
  writeFileSync(partial, JSON.stringify(mail, null, 2));
  renameSync(partial, join(folder, name));
}

/** The address inside `MAIL FROM:<a@b>` / `RCPT TO:<a@b>` (parameters after it ignored). */
function address(argument) {
  const match = /<([^>]*)>/.exec(argument);
  return match ? match[1] : argument.trim().split(/\s+/)[0] ?? "";
}

createServer((socket) => {
  socket.setEncoding("latin1"); // byte-transparent: the raw message is kept as sent
  let buffer = "";
  let inData = false;
  let dataLines = [];
  let mail = { mailFrom: "", rcptTo: [] };
  const reply = (line) => socket.write(`${line}\r\n`);

  const command = (line) => {
    const verb = line.slice(0, 4).toUpperCase();
    const rest = line.slice(line.indexOf(":") + 1);
    switch (verb) {
      case "EHLO":
        // Multi-line EHLO answer; only capabilities this receiver really has.
        reply("250-baton-e2e greets you");
        reply("250-8BITMIME");
        reply("250 SMTPUTF8");
        break;
      case "HELO":
        reply("250 baton-e2e");
        break;
      case "MAIL":
        mail = { mailFrom: address(rest), rcptTo: [] };
        reply("250 OK");
        break;
      case "RCPT":
        mail.rcptTo.push(address(rest));
        reply("250 OK");
        break;
      case "DATA":
        if (mail.rcptTo.length === 0) {
          reply("503 RCPT first");
          break;
        }
        inData = true;
        dataLines = [];
        reply("354 End data with <CR><LF>.<CR><LF>");
        break;
      case "RSET":
        mail = { mailFrom: "", rcptTo: [] };
        reply("250 OK");
        break;
      case "NOOP":
        reply("250 OK");
        break;
      case "QUIT":
        reply("221 bye");
        socket.end();
        break;
      default:
        reply("502 command not implemented");
    }
  };

  const dataLine = (line) => {
    if (line === ".") {
      inData = false;
      store({ ...mail, raw: dataLines.join("\r\n") + "\r\n" });
      mail = { mailFrom: "", rcptTo: [] };
      reply("250 queued");
      return;
    }
    // RFC 5321 4.5.2: the client doubled every leading dot.
    dataLines.push(line.startsWith(".") ? line.slice(1) : line);
  };

  socket.on("data", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\r\n")) !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) dataLine(line);
      else command(line);
    }
  });
  // A client that goes away (xtask's readiness probe does) is nothing to report.
  socket.on("error", () => socket.destroy());
  reply("220 baton-e2e ESMTP ready");
}).listen(port, "127.0.0.1", () => {
  console.log(`smtp-receiver: listening on 127.0.0.1:${port}, mails go to ${folder}`);
});
