export * as core from "./core";
