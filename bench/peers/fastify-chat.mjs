// The Fastify peer of mynapin's `POST /api/chat` (bench/http.mjs runs it): the same work done the
// way a Fastify 5 application would do it — pino request logging (one access line per request,
// as mynapin writes, buffered the same way), request ids echoed in `x-request-id`, the same
// response headers (nosniff, no-store), the same body limit, @fastify/rate-limit keyed on the
// client address behind one proxy, the same zod schema — answering from the SAME engine
// (createBot of the built dist/). Only the HTTP framework differs.
//
// @fastify/rate-limit is not a dependency of mynapin: the benchmark installs it into a temporary
// folder and passes that folder's node_modules as FASTIFY_PLUGINS. Without it the peer uses
// mynapin's own token bucket in an onRequest hook, and says so.
//
//   FASTIFY_PLUGINS=/tmp/x/node_modules PORT=0 node bench/peers/fastify-chat.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pino from 'pino';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { loadEnv } = await import(join(root, 'dist/config/env.js'));
const { createBot } = await import(join(root, 'dist/bot.js'));
const { chatRequestSchema } = await import(join(root, 'dist/server/chat-route.js'));
const { offersFeedback } = await import(join(root, 'dist/conversation/feedback.js'));
const { createRateLimiter } = await import(join(root, 'dist/server/rate-limiter.js'));

const env = loadEnv(process.env);
const bot = await createBot(env);

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 10);
const app = Fastify({
  logger: { level: env.LOG_LEVEL, stream: pino.destination({ fd: 1, sync: false, minLength: 4096 }) },
  disableRequestLogging: true, // one access line per request (below), as mynapin writes
  requestIdHeader: 'x-request-id',
  genReqId: () => `${prefix}-${(++counter).toString(36)}`,
  bodyLimit: env.BODY_LIMIT_BYTES,
  trustProxy: env.TRUST_PROXY,
});

let rateLimit = '@fastify/rate-limit';
if (process.env.FASTIFY_PLUGINS) {
  const require = createRequire(join(process.env.FASTIFY_PLUGINS, 'x.js'));
  await app.register(require('@fastify/rate-limit'), { max: env.CHAT_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000, cache: 10_000 });
} else {
  rateLimit = "mynapin's token bucket (FASTIFY_PLUGINS not set)";
  const limiter = createRateLimiter({ perMinute: env.CHAT_RATE_LIMIT_PER_MINUTE });
  app.addHook('onRequest', async (request, reply) => {
    const decision = limiter.take(request.ip);
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSeconds));
      return reply.code(429).send({ error: 'rate_limited' });
    }
  });
}

app.addHook('onRequest', async (request, reply) => {
  reply.header('x-request-id', request.id);
  reply.header('x-content-type-options', 'nosniff');
});
app.addHook('onResponse', async (request, reply) => {
  request.log.info({ method: request.method, path: request.routeOptions.url ?? request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
});

app.post('/api/chat', async (request, reply) => {
  const parsed = chatRequestSchema.safeParse(request.body);
  if (!parsed.success) {
    reply.code(400);
    return { error: 'bad_request', message: parsed.error.issues.map((i) => i.message).join('; ') };
  }
  const answer = await bot.engine.respond({ conversationKey: `web:${parsed.data.conversationId}`, text: parsed.data.text });
  reply.header('cache-control', 'no-store');
  return {
    intent: answer.intent,
    confidence: answer.confidence,
    reply: answer.text,
    suggestions: answer.suggestions,
    privacyWarning: answer.privacyWarning,
    ...(answer.handoff ? { handoff: answer.handoff } : {}),
    ...(answer.lang ? { lang: answer.lang } : {}),
    ...(offersFeedback(answer) ? { feedback: true } : {}),
  };
});

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: env.HOST });
process.stderr.write(`${address}/ (rate limit: ${rateLimit})\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
