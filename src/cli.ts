#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { enabledChannels, type Env } from './config/env.js';
import { MynapinError } from './errors.js';
import { loadSettings } from './cli/settings.js';
import { streamsMade, watchStdioStreams } from './cli/stdio.js';

const USAGE = `mynapin — マイナンバーカードの暗証番号 Q&A bot

Usage:
  mynapin                       chat in the terminal (or serve, when LINE/Slack are configured)
  mynapin serve                 web chat + /api/chat + LINE/Slack webhooks on HOST:PORT (npm start)
  mynapin chat [--jsonl]        a conversation in the terminal; --jsonl: one JSON line per message
  mynapin ask "TEXT" [--json]   one question, one answer
  mynapin classify              one utterance per stdin line -> one JSON line each
                                (ask, chat, classify: --lang ja|ja-easy|en sets the language; JSON has "lang")
  mynapin eval FILE.tsv [--checks answer-checks.json] [--json]
                                accuracy, per-intent precision/recall, confusions
  mynapin report [--since 7d] [--format md|csv|html] [--out FILE]
                                answered rate, hand-offs, feedback, top unanswered questions
  mynapin review [--order frequent|newest] [--limit N]
                                label unanswered questions; each pick becomes a reviewed phrase
  mynapin line check            verify the LINE token, print the webhook URL
  mynapin line rich-menu --image FILE
                                create and set the LINE rich menu
  mynapin --version | --help

Settings come from the environment or .env (see .env.example).`;

/** Runs one CLI command; returns its exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (command === 'classify' && !process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
    return runWithBoundedHeap(argv);
  }
  // Settings are validated before anything else runs; a bad one stops here with its name.
  const quietLogs = command !== 'serve' && command !== undefined;
  const env = loadSettings({ quietLogs });
  const channels = enabledChannels(env);
  const target = command ?? (channels.line || channels.slack !== 'off' ? 'serve' : 'chat');
  if (target === 'serve') {
    const { runServe } = await import('./cli/serve.js');
    await runServe(env, { live: true });
    return -1; // keeps running; exits on SIGTERM / SIGINT
  }
  if (target === 'report') {
    const { runReport } = await import('./cli/report.js');
    return runReport(rest, env);
  }
  if (target === 'review') {
    const { runReview } = await import('./cli/review.js');
    return runReview(rest, env);
  }
  if (target === 'line') {
    const { runLineCommand } = await import('./cli/line.js');
    return runLineCommand(rest, env, process.stdout);
  }
  return runBotCommand(target, rest, command === undefined ? withQuietLogs(env) : env);
}

// classify's live heap is 15–20 MB whatever the input, but V8 lets the heap of a long run grow to
// 150–200 MB of garbage before it collects. Its heap limits are fixed when the process starts, so
// classify runs itself again with small ones (one more process start, 50 ms, for a batch command):
// peak RSS stays under 100 MB, with no loss of speed. The old generation's limit is 32 MB: twice
// the live heap, and what V8 grew to under 64 was slack (the live heap after 3,000 lines: 10 MB of
// objects, 9 MB of array buffers outside it). On 300,000 lines (one malloc arena, below) peak RSS
// 96.4 / 98.7 → 95.3 / 94.3 MB, 9 → 14 full collections in 14–15 s; 24 MB saved 6 MB more but took
// 10% longer. One line of 20,000,000 characters still runs (73 MB).
const CLASSIFY_HEAP_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=32'];
// On one core (taskset, a one-CPU container) V8's optimising compiler only takes turns with
// classify from a thread of its own: the hot functions ran unoptimised for longer while their code
// waited for the core. Compiled on the main thread instead, and each function optimised after four
// times V8's default of feedback (--interrupt-budget, default 67,584): with the default, a function
// optimised early met a branch or object shape it had not yet seen, was deoptimised and compiled
// again (120,000 lines: 236 compilations of 637 ms in all, 53 deoptimisations; with these flags 157
// of 403 ms, 23). The compiler thread's memory (3–4 MB of peak RSS) goes to the young generation
// instead: with 4 MB semi-spaces a scavenge comes half as often, and peak RSS is what it was
// (~95 MB on 960,000 lines). Together `classify` on 120,000 lines took 7–8% less time. With a core
// to spare the compiler has its own, and the flags above stay.
const ONE_CORE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=32', '--no-concurrent-recompilation', '--interrupt-budget=270336'];

// glibc gives each thread that allocates its own malloc arena, and V8's helper threads (concurrent
// marking, the optimising compiler) each kept one whose freed pages stayed resident: on 300,000
// lines peak RSS 105–109 MB with the default, 99 MB with one arena, in the same time (14.5–15.2 s
// against 14.6–14.8 s, 2026-12-07). Other C libraries ignore the variable; a value the caller set wins.
const CLASSIFY_MALLOC_ARENAS = '1';

async function runWithBoundedHeap(argv: string[]): Promise<number> {
  const [{ spawn }, { availableParallelism }] = await Promise.all([import('node:child_process'), import('node:os')]);
  const flags = availableParallelism() === 1 ? ONE_CORE_FLAGS : CLASSIFY_HEAP_FLAGS;
  const env = process.env.MALLOC_ARENA_MAX === undefined ? { ...process.env, MALLOC_ARENA_MAX: CLASSIFY_MALLOC_ARENAS } : process.env;
  const child = spawn(process.execPath, [...flags, ...process.execArgv, process.argv[1]!, ...argv], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)));
  });
}

function withQuietLogs(env: Env): Env {
  return process.env.LOG_LEVEL ? env : { ...env, LOG_LEVEL: 'warn' };
}

async function runBotCommand(command: string, args: string[], env: Env): Promise<number> {
  const { createBot } = await import('./bot.js');
  const flags = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, checks: { type: 'string' }, lang: { type: 'string' } },
  });
  // classify answers every line anew: on a batch the result caches rarely hit, and the results
  // they keep outlive the young generation, so the garbage collector copied them about (a third
  // of classify's time on 120,000 distinct lines).
  // Every line is a conversation of its own, never continued: nothing to store.
  // A one-shot command reads a language's answer texts when it first answers in it (serve reads all).
  const bot = await createBot(
    env,
    command === 'classify'
      ? { matcher: { cacheSize: 0 }, store: new (await import('./conversation/session-store.js')).StatelessSessionStore(), lazyLanguages: true }
      : { lazyLanguages: true },
  );
  const { parseLang } = await import('./i18n/languages.js');
  const lang = flags.values.lang === undefined ? undefined : parseLang(flags.values.lang, bot.knowledge.languages);
  if (flags.values.lang !== undefined && !lang) {
    throw new UsageError(`--lang ${flags.values.lang}: not a language of intents/ (one of ${bot.knowledge.languages.join(', ')})`);
  }
  switch (command) {
    case 'ask': {
      const text = flags.positionals.join(' ');
      if (!text) throw new UsageError('mynapin ask needs a question: mynapin ask "暗証番号を忘れた"');
      const { runAsk } = await import('./cli/ask.js');
      return runAsk(bot, text, Boolean(flags.values.json), lang);
    }
    case 'chat': {
      const { runChatInteractive, runChatJsonl } = await import('./cli/chat.js');
      return flags.values.jsonl ? runChatJsonl(bot, lang) : runChatInteractive(bot, lang);
    }
    case 'classify': {
      const { runClassify } = await import('./cli/classify.js');
      return runClassify(bot, lang);
    }
    case 'eval': {
      const file = flags.positionals[0];
      if (!file) throw new UsageError('mynapin eval needs a labelled TSV: mynapin eval FILE.tsv [--checks answer-checks.json]');
      const { runEval } = await import('./cli/eval.js');
      return runEval(bot, file, flags.values.checks, Boolean(flags.values.json));
    }
    default:
      throw new UsageError(`unknown command "${command}". Run mynapin --help for the list.`);
  }
}

class UsageError extends MynapinError {}

/**
 * Ends the process as soon as stdout and stderr have taken everything written. A one-shot `ask` has
 * nothing left to do once it has answered, but Node would first wait for V8's background work to
 * finish (a concurrent GC marking the heap the bot was built in): ~10 ms of a cold ask. A stream
 * never made holds nothing (ask writes its answer straight to the descriptor, see cli/stdio.ts).
 */
function exitOnceWritten(code: number): void {
  const streams = [...streamsMade()];
  let pending = streams.length;
  if (pending === 0) process.exit(code);
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const name of streams) process[name].write('', written);
}

watchStdioStreams();
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
    if (code >= 0 && process.argv[2] === 'ask') exitOnceWritten(code);
  },
  (error: unknown) => {
    // Our own errors say what to fix; anything else is a bug worth its stack.
    if (error instanceof MynapinError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`mynapin: ${(error as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`mynapin: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
