/**
 * Prism's log levels. Declared here, not imported from Prism, so that the
 * mock's public types do not pull Prism's own (and pino's) into a consumer's
 * type-check.
 */
export type PrismLogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "silent";
