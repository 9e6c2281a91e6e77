/**
 * Turns the text of a Slack message into what the user typed: mentions removed, links reduced to
 * their label, and Slack's &amp; &lt; &gt; escapes undone (the matcher reads plain text).
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, label: string | undefined) => label ?? ' ')
    .replace(/<![a-z]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<#[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name: string | undefined) => (name ? `#${name}` : ' '))
    .replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_m, url: string, label: string | undefined) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
}

/** True when the Slack text mentions the given user (the bot). */
export function mentions(text: string, userId: string | undefined): boolean {
  return userId !== undefined && text.includes(`<@${userId}`);
}
