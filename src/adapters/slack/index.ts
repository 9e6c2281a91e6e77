/** The Slack adapter: HTTP mode (a route on the project's server) or Socket Mode. */
export { createSlackHttp, type SlackHttp } from './http.js';
export { startSlackSocketMode, type SlackSocket } from './socket.js';
export type { SlackDeps } from './app.js';
export { FeedbackRecorder, type FeedbackEntry, type FeedbackCounts } from '../../feedback/recorder.js';
