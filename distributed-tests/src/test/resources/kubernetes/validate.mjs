// Validates Kubernetes objects, a JSON array on standard input, with the models of the npm package kubernetes-models
// (each kind's JSON schema of the Kubernetes API, compiled into a validator). Prints one line per violation,
// "<kind>/<name>: <JSON path> <message>", and nothing for valid objects. Run by KubernetesSchema.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  const apiVersion = String(object.apiVersion ?? "");
  const path = apiVersion.includes("/") ? apiVersion : `v1`;
  if (!apiVersion.includes("/") && apiVersion !== "v1") {
    console.log(`${name}: / unknown apiVersion ${apiVersion}`);
    continue;
  }
  let model;
  try {
    model = (await import(`kubernetes-models/${path}/${object.kind}`))[object.kind];
  } catch (e) {
    console.log(`${name}: / no schema for apiVersion ${apiVersion} kind ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
  } catch (e) {
    for (const error of e.errors ?? [{ instancePath: "", message: e.message }]) {
      console.log(`${name}: ${error.instancePath || "/"} ${error.message}`);
    }
  }
}
