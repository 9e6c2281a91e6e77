/**
 * The embeddable widget. A city adds `<script src="https://HOST/widget.js" defer></script>` to any
 * page; the script adds a chat button that opens the chat page in an iframe panel.
 *
 * It runs inside the city's page, under the city's own CSP, so it uses no inline `<style>` and
 * sets styles through the CSSOM only (allowed even where `style-src 'unsafe-inline'` is not), adds
 * nothing to the global scope but one flag, and loads the iframe only on the first click.
 * Optional attributes on the script tag: `data-label` (button text), `data-position` (`left`).
 */
export const WIDGET_JS = String.raw`(function () {
  'use strict';
  if (window.__mynapinWidget) return;
  var script = document.currentScript;
  if (!script || !script.src) return;
  window.__mynapinWidget = true;

  // data-lang="en" / "ja-easy": the chat opens in that language (the resident can still switch).
  var lang = script.getAttribute('data-lang');
  var chatUrl = new URL('./?embed=1' + (lang ? '&lang=' + encodeURIComponent(lang) : ''), script.src).href;
  var label = script.getAttribute('data-label') || '暗証番号の相談';
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var title = 'マイナンバーカードの暗証番号 相談チャット';

  function css(el, styles) {
    for (var key in styles) el.style[key] = styles[key];
  }

  var button = document.createElement('button');
  button.type = 'button';
  button.id = 'mynapin-widget-button';
  // An SVG icon, not an emoji: kiosks and office PCs often lack an emoji font.
  var svgNs = 'http://www.w3.org/2000/svg';
  var icon = document.createElementNS(svgNs, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '20');
  icon.setAttribute('height', '20');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('focusable', 'false');
  var bubble = document.createElementNS(svgNs, 'path');
  bubble.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  bubble.setAttribute('fill', 'currentColor');
  icon.appendChild(bubble);
  var text = document.createElement('span');
  text.textContent = label;
  button.appendChild(icon);
  button.appendChild(text);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'mynapin-widget-panel');
  css(button, {
    position: 'fixed', bottom: '20px', zIndex: '2147483000', padding: '12px 18px', borderRadius: '999px',
    border: '0', background: '#0b5cad', color: '#fff', font: '600 15px/1.2 system-ui, sans-serif',
    boxShadow: '0 4px 16px rgba(0,0,0,0.25)', cursor: 'pointer', minHeight: '48px',
    display: 'inline-flex', alignItems: 'center', gap: '8px',
  });
  button.style[side] = '20px';

  var panel = document.createElement('div');
  panel.id = 'mynapin-widget-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  panel.hidden = true;
  css(panel, {
    position: 'fixed', bottom: '84px', width: '380px', height: '600px', maxHeight: 'calc(100vh - 104px)',
    maxWidth: 'calc(100vw - 24px)', zIndex: '2147483001', background: '#fff', borderRadius: '16px',
    overflow: 'hidden', boxShadow: '0 8px 32px rgba(0,0,0,0.3)', display: 'none',
  });
  panel.style[side] = '20px';

  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'チャットを閉じる');
  css(close, {
    position: 'absolute', top: '8px', right: '8px', width: '36px', height: '36px', borderRadius: '50%',
    border: '0', background: 'rgba(255,255,255,0.2)', color: '#fff', font: '22px/1 system-ui, sans-serif',
    cursor: 'pointer', zIndex: '1',
  });

  var frame = null;
  function fitToScreen() {
    var small = window.innerWidth < 480;
    css(panel, small
      ? { width: '100vw', height: '100%', maxHeight: '100%', maxWidth: '100vw', bottom: '0', borderRadius: '0' }
      : { width: '380px', height: '600px', maxHeight: 'calc(100vh - 104px)', maxWidth: 'calc(100vw - 24px)', bottom: '84px', borderRadius: '16px' });
    if (small) { panel.style.left = '0'; panel.style.right = '0'; } else { panel.style[side] = '20px'; }
  }

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = chatUrl;
      frame.title = title;
      frame.setAttribute('referrerpolicy', 'no-referrer');
      css(frame, { width: '100%', height: '100%', border: '0', display: 'block' });
      panel.appendChild(frame);
    }
    fitToScreen();
    panel.hidden = false;
    panel.style.display = 'block';
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.hidden = true;
    panel.style.display = 'none';
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  button.addEventListener('click', function () {
    if (panel.hidden) open(); else hide();
  });
  close.addEventListener('click', hide);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) hide();
  });
  window.addEventListener('resize', function () { if (!panel.hidden) fitToScreen(); });

  panel.appendChild(close);
  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
`;
