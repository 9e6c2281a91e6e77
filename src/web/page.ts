/**
 * The web chat page. Every URL in it is relative, so the page also works when a reverse proxy
 * serves mynapin under a sub-path (e.g. https://city.example/mynapin/). No inline script or style:
 * the Content-Security-Policy allows only files from this server.
 */
export const CHAT_PAGE_HTML = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>マイナンバーカードの暗証番号 相談チャット</title>
<meta name="description" content="マイナンバーカードの暗証番号（忘れた・ロックされた・代理人の手続きなど）についての質問に答えるチャットです。">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="chat.css">
<script src="chat.js" defer></script>
</head>
<body>
<a class="skip-link" id="skip-link" href="#message">入力欄へ移動</a>
<div class="app">
  <header class="app-header">
    <h1 id="title">マイナンバーカードの暗証番号 相談チャット</h1>
    <p class="lang-switch"><label for="lang" id="lang-label">言語</label> <select id="lang"><option value="ja" lang="ja">日本語</option><option value="ja-easy" lang="ja">やさしい日本語</option><option value="en" lang="en">English</option></select></p>
    <p class="privacy-note" id="privacy-note">このチャットで暗証番号やマイナンバー（12桁の番号）をお聞きすることはありません。入力しないでください。</p>
  </header>
  <main class="chat" id="chat">
    <h2 class="sr-only" id="conversation-heading">会話</h2>
    <ol class="transcript" id="transcript" aria-label="会話の履歴">
      <li class="msg msg-bot">
        <p class="msg-who sr-only">チャットボット:</p>
        <p class="bubble" id="greeting">こんにちは。マイナンバーカードの暗証番号について、わかる範囲でご案内します。下のボタンを選ぶか、質問を入力してください。</p>
      </li>
    </ol>
    <p class="typing" id="typing" hidden><span class="dot"></span><span class="dot"></span><span class="dot"></span><span class="sr-only" id="typing-text">回答を準備しています</span></p>
    <p class="sr-only" id="announcer" aria-live="polite" aria-atomic="true"></p>
  </main>
  <footer class="composer">
    <div class="suggestions" id="suggestions" role="group" aria-label="よくある質問">
      <button type="button" class="chip">暗証番号を忘れた</button>
      <button type="button" class="chip">暗証番号がロックされた</button>
      <button type="button" class="chip">暗証番号の種類</button>
      <button type="button" class="chip">代理人の手続き</button>
      <button type="button" class="chip">コンビニで証明書を取りたい</button>
    </div>
    <p class="error" id="error" role="alert" hidden></p>
    <form class="form" id="form" autocomplete="off">
      <label class="sr-only" for="message" id="message-label">質問を入力（暗証番号は入力しないでください）</label>
      <textarea id="message" name="message" rows="1" maxlength="5000" placeholder="質問を入力してください" aria-describedby="privacy-note send-hint" enterkeyhint="send"></textarea>
      <button type="submit" class="send" id="send">送信</button>
      <span class="sr-only" id="send-hint">Enterキーで送信、Shift＋Enterで改行します。</span>
    </form>
  </footer>
</div>
</body>
</html>
`;

/**
 * A page that embeds the widget the way a city's site would, so the widget can be tried (and is
 * tested) without another web server.
 */
export const WIDGET_DEMO_HTML = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ウィジェットの表示例</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="chat.css">
</head>
<body class="demo">
<main class="demo-main">
  <h1>○○市 マイナンバーカードのページ（表示例）</h1>
  <p>市のサイトに次の1行を貼ると、右下に相談チャットのボタンが表示されます。</p>
  <pre><code>&lt;script src="https://YOUR-HOST/widget.js" defer&gt;&lt;/script&gt;</code></pre>
</main>
<script src="widget.js" defer></script>
</body>
</html>
`;
