/** Base class of mynapin's own errors: the message says what is wrong and how to fix it. */
export class MynapinError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting (environment variable or config file) is missing or invalid; start-up stops. */
export class ConfigError extends MynapinError {}

/** A file under intents/ (or the knowledge data) does not match its schema. */
export class IntentFileError extends MynapinError {}
