import { MynapinError } from '../../errors.js';

/** The rich-menu definition or image cannot be used; the message says what to change. */
export class RichMenuError extends MynapinError {}
