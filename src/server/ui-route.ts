import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IntentId } from '../intents/ids.js';
import { UI_KEYS } from '../intents/locale-schema.js';
import { BASE_LANG, parseLang } from '../i18n/languages.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Route } from './route.js';

/** The first chips of the page, before any answer brings its own. */
export const STARTER_INTENTS: readonly IntentId[] = ['forgot_pin', 'lockout_rules', 'pin_types', 'proxy_procedure', 'convenience_store'];

/**
 * `GET /api/chat/ui?lang=en`: the web page's strings, first chips and language switch in one
 * language (`ja`, `ja-easy`, `en`, or any folder of intents/locales/; unknown → ja). The page is
 * static; its script fetches this when the page is not in Japanese or the resident switches.
 */
export function createUiRoute(knowledge: KnowledgeBase): Route {
  const cache = new Map<string, Buffer>();
  const bodyFor = (lang: string): Buffer => {
    let body = cache.get(lang);
    if (!body) {
      const strings = Object.fromEntries(UI_KEYS.filter((k) => !k.startsWith('cli_') && !k.startsWith('contact_') && k !== 'office_named').map((k) => [k, knowledge.ui(k, lang)]));
      body = Buffer.from(
        JSON.stringify({
          lang,
          strings,
          starters: STARTER_INTENTS.map((id) => {
            const { label, text } = knowledge.suggestion(id, lang);
            return { label, text };
          }),
          languages: knowledge.languages.map((l) => ({ lang: l, name: knowledge.languageName(l) })),
        }),
      );
      cache.set(lang, body);
    }
    return body;
  };
  return {
    method: 'GET',
    path: '/api/chat/ui',
    handler(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const lang = parseLang(url.searchParams.get('lang'), knowledge.languages) ?? BASE_LANG;
      const body = bodyFor(lang);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', 'content-length': body.length });
      res.end(body);
    },
  };
}
