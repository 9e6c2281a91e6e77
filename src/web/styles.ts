/** Styles of the chat page: system fonts only (works offline), phone first, high contrast. */
export const CHAT_CSS = `
:root {
  --brand: #0b5cad;
  --brand-dark: #084684;
  --bg: #eef2f7;
  --panel: #ffffff;
  --text: #1b1f24;
  --muted: #4a5563;
  --bot: #f3f6fa;
  --bot-border: #d5dde8;
  --user: #0b5cad;
  --user-text: #ffffff;
  --focus: #f0a500;
  --error: #b3261e;
  color-scheme: light;
  font-family: system-ui, -apple-system, "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif;
  line-height: 1.7;
  color: var(--text);
  background: var(--bg);
}
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-size: 16px; -webkit-text-size-adjust: 100%; }
.sr-only {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: 8px; top: -48px; background: var(--panel); padding: 8px 12px; z-index: 10; border-radius: 6px; }
.skip-link:focus { top: 8px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

.app {
  display: flex; flex-direction: column; height: 100vh; height: 100dvh;
  max-width: 760px; margin: 0 auto; background: var(--panel);
}
.app-header { background: var(--brand); color: #fff; padding: 12px 16px 10px; flex: none; }
.app-header h1 { font-size: 1.05rem; margin: 0; line-height: 1.4; letter-spacing: 0.02em; word-break: keep-all; overflow-wrap: anywhere; }
.lang-switch { margin: 4px 0 0; font-size: 0.85rem; }
.lang-switch select { font: inherit; margin-left: 4px; padding: 2px 4px; border-radius: 6px; border: 1px solid #fff; }
.privacy-note {
  margin: 8px 0 0; font-size: 0.8rem; line-height: 1.5; background: rgba(255,255,255,0.14);
  border-radius: 8px; padding: 6px 10px;
}

.chat { position: relative; flex: 1 1 auto; overflow-y: auto; padding: 16px 12px 8px; }
.transcript { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
.msg { display: flex; flex-direction: column; max-width: 88%; }
.msg p { margin: 0; }
.msg-bot { align-self: flex-start; }
.msg-user { align-self: flex-end; align-items: flex-end; }
.bubble { padding: 10px 14px; border-radius: 16px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.97rem; }
.msg-bot .bubble { background: var(--bot); border: 1px solid var(--bot-border); border-top-left-radius: 4px; }
.msg-user .bubble { background: var(--user); color: var(--user-text); border-top-right-radius: 4px; }
.msg-staff { align-self: flex-start; }
.msg-staff .bubble { background: #fff8e1; border: 1px solid #e0c36a; border-top-left-radius: 4px; }
.msg-staff .msg-who { position: static; width: auto; height: auto; margin: 0 0 2px; clip: auto; overflow: visible; white-space: normal; font-size: 0.8em; color: #6b5200; }
.msg-error .bubble { background: #fdecea; border-color: #f3b8b3; color: var(--error); }

.typing { display: inline-flex; gap: 5px; padding: 12px 16px; margin: 12px 0 0; background: var(--bot); border: 1px solid var(--bot-border); border-radius: 16px; border-top-left-radius: 4px; }
.typing[hidden] { display: none; }
.typing .dot { width: 7px; height: 7px; border-radius: 50%; background: var(--muted); animation: blink 1.2s infinite ease-in-out; }
.typing .dot:nth-child(2) { animation-delay: 0.2s; }
.typing .dot:nth-child(3) { animation-delay: 0.4s; }
@keyframes blink { 0%, 80%, 100% { opacity: 0.25; } 40% { opacity: 1; } }

.composer { flex: none; border-top: 1px solid var(--bot-border); padding: 8px 12px calc(10px + env(safe-area-inset-bottom)); background: var(--panel); }
.suggestions { display: flex; gap: 8px; overflow-x: auto; padding: 2px 2px 8px; scrollbar-width: thin; }
.suggestions:empty { display: none; }
.chip {
  flex: none; font: inherit; font-size: 0.88rem; line-height: 1.3; color: var(--brand-dark); background: #fff;
  border: 1.5px solid var(--brand); border-radius: 999px; padding: 7px 14px; cursor: pointer; min-height: 40px;
}
.chip:hover { background: #e8f1fb; }
.chip:active { background: #d3e4f7; }
.feedback { display: flex; gap: 6px; margin: 4px 0 0; }
.feedback button {
  font: inherit; font-size: 0.8rem; color: var(--brand-dark); background: #fff; border: 1px solid var(--bot-border);
  border-radius: 999px; padding: 4px 10px; min-height: 32px; cursor: pointer;
}
.feedback button:hover { background: #e8f1fb; }
.feedback button[disabled] { cursor: default; opacity: 0.6; }
.feedback button[aria-pressed="true"] { opacity: 1; border-color: var(--brand); }
.error { color: var(--error); font-size: 0.88rem; margin: 0 0 6px; }
.error[hidden] { display: none; }
.form { display: flex; gap: 8px; align-items: flex-end; }
.form textarea {
  flex: 1 1 auto; font: inherit; font-size: 16px; line-height: 1.5; resize: none; min-height: 44px; max-height: 140px;
  padding: 9px 12px; border: 1.5px solid #8a96a6; border-radius: 12px; color: var(--text); background: #fff;
}
.form textarea:focus-visible { border-color: var(--brand); outline-offset: 0; }
.send {
  flex: none; font: inherit; font-weight: 600; min-height: 44px; min-width: 64px; padding: 0 16px; border: 0;
  border-radius: 12px; background: var(--brand); color: #fff; cursor: pointer;
}
.send:hover { background: var(--brand-dark); }
.send:disabled { background: #8a96a6; cursor: progress; }

@media (min-width: 761px) {
  body { padding: 24px 0; }
  .app { height: calc(100vh - 48px); height: calc(100dvh - 48px); border-radius: 16px; overflow: hidden; box-shadow: 0 6px 30px rgba(16, 40, 80, 0.12); }
  .app-header { padding: 16px 24px 14px; }
  .app-header h1 { font-size: 1.25rem; }
  .chat { padding: 20px 24px 8px; }
  .composer { padding: 10px 24px 16px; }
  .suggestions { flex-wrap: wrap; overflow-x: visible; }
  .msg { max-width: 78%; }
}
.embedded .app-header { padding-right: 52px; }
.embedded .app-header h1 { font-size: 0.98rem; }
.embedded .privacy-note { font-size: 0.75rem; }
/* Inside the widget's iframe the page is the whole panel: no outer margin or rounded card. */
@media (min-width: 761px) { .embedded body { padding: 0; } .embedded .app { height: 100vh; border-radius: 0; box-shadow: none; } }
@media (prefers-reduced-motion: reduce) { .typing .dot { animation: none; opacity: 0.6; } }

.demo { background: #fafafa; }
.demo-main { max-width: 760px; margin: 0 auto; padding: 24px 16px; }
.demo-main pre { background: #fff; border: 1px solid #ddd; padding: 12px; overflow-x: auto; border-radius: 8px; }
`;
