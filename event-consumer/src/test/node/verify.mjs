// Verifies webhook requests captured by StandardWebhooksInteropTest with the standardwebhooks
// reference library, as a receiver would: node verify.mjs SECRET REQUESTS.json
// Each request is {name, id, timestamp, signature, body (base64)}; prints one line per request,
// "ok <webhook-id>" or "rejected <name>: <reason>".
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [secret, file] = process.argv.slice(2);
const webhook = new Webhook(secret.replace(/^whsec_/, ""));
for (const request of JSON.parse(readFileSync(file, "utf8"))) {
  const payload = Buffer.from(request.body, "base64").toString("utf8");
  const headers = {
    "webhook-id": request.id,
    "webhook-timestamp": request.timestamp,
    "webhook-signature": request.signature,
  };
  try {
    webhook.verify(payload, headers);
    console.log(`ok ${request.id}`);
  } catch (error) {
    console.log(`rejected ${request.name}: ${error.message}`);
  }
}
