export * from "./component";
export * from "./environment";
export * from "./naming";
export * from "./tags";
export * from "./transform";
export * from "./connections";
export * from "./validate";
export * from "./config";
