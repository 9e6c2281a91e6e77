import { readFile } from 'node:fs/promises';
import type { messagingApi } from '@line/bot-sdk';
import { RichMenuError } from './errors.js';
import { LINE_LIMITS, graphemeLength } from './limits.js';

/** The rich-menu definition kept in the repository (a Messaging API rich menu object). */
export const DEFAULT_RICH_MENU_FILE = new URL('../../../line/rich-menu.json', import.meta.url);

/** A rich-menu image after its bytes were checked. */
export interface RichMenuImage {
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: Buffer;
}

/** Reads and parses a rich-menu definition; errors name the file. */
export async function loadRichMenu(file: string | URL): Promise<messagingApi.RichMenuRequest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RichMenuError(`cannot read the rich-menu definition ${String(file)}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as messagingApi.RichMenuRequest;
  } catch (error) {
    throw new RichMenuError(`the rich-menu definition ${String(file)} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * LINE's rules for a rich menu object, checked locally so a mistake is reported with its place
 * before anything is created on the channel. Returns the problems (empty = fine).
 */
export function richMenuProblems(menu: messagingApi.RichMenuRequest): string[] {
  const problems: string[] = [];
  const width = menu.size?.width;
  const height = menu.size?.height;
  if (width !== 2500 || (height !== 1686 && height !== 843)) {
    problems.push(`size must be 2500×1686 or 2500×843 (is ${width}×${height})`);
  }
  if (typeof menu.selected !== 'boolean') problems.push('selected must be true or false');
  if (!menu.name || graphemeLength(menu.name) > LINE_LIMITS.richMenuName) problems.push(`name must be 1–${LINE_LIMITS.richMenuName} characters`);
  if (!menu.chatBarText || graphemeLength(menu.chatBarText) > LINE_LIMITS.richMenuChatBarText) {
    problems.push(`chatBarText must be 1–${LINE_LIMITS.richMenuChatBarText} characters`);
  }
  const areas = menu.areas ?? [];
  if (areas.length < 1 || areas.length > LINE_LIMITS.richMenuAreas) problems.push(`areas must hold 1–${LINE_LIMITS.richMenuAreas} areas`);
  areas.forEach((area, i) => {
    const b = area.bounds;
    const where = `areas[${i}]`;
    if (!b || [b.x, b.y, b.width, b.height].some((n) => !Number.isInteger(n) || (n as number) < 0)) {
      problems.push(`${where}.bounds needs whole-number x, y, width, height`);
    } else if (width && height && (b.x! + b.width! > width || b.y! + b.height! > height)) {
      problems.push(`${where}.bounds reaches outside the ${width}×${height} menu`);
    }
    const action = area.action as (messagingApi.Action & { text?: string; data?: string; displayText?: string }) | undefined;
    if (!action?.type) {
      problems.push(`${where}.action is missing`);
      return;
    }
    if (action.label !== undefined && graphemeLength(action.label) > LINE_LIMITS.actionLabel) {
      problems.push(`${where}.action.label is over ${LINE_LIMITS.actionLabel} characters`);
    }
    if (action.type === 'message' && (!action.text || graphemeLength(action.text) > LINE_LIMITS.actionText)) {
      problems.push(`${where}.action.text must be 1–${LINE_LIMITS.actionText} characters`);
    }
    if (action.type === 'postback' && (!action.data || graphemeLength(action.data) > LINE_LIMITS.postbackData)) {
      problems.push(`${where}.action.data must be 1–${LINE_LIMITS.postbackData} characters`);
    }
  });
  return problems;
}

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return undefined;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

/**
 * Checks a rich-menu image against LINE's requirements (PNG or JPEG, at most 1 MB, 800–2500 px
 * wide, at least 250 px high, width/height ≥ 1.45) and against the menu, whose tap areas only
 * line up if the image has the menu's proportions.
 */
export function checkRichMenuImage(bytes: Buffer, menu: messagingApi.RichMenuRequest, file = 'the image'): RichMenuImage {
  const png = pngSize(bytes);
  const jpeg = png ? undefined : jpegSize(bytes);
  const size = png ?? jpeg;
  if (!size) throw new RichMenuError(`${file} is not a PNG or JPEG image; LINE accepts only those for rich menus`);
  if (bytes.length > LINE_LIMITS.richMenuImageBytes) {
    throw new RichMenuError(
      `${file} is ${(bytes.length / 1024 / 1024).toFixed(2)} MB; LINE accepts at most 1 MB — save it with more compression (e.g. JPEG quality 80)`,
    );
  }
  const { width, height } = size;
  if (width < 800 || width > 2500 || height < 250 || width / height < 1.45) {
    throw new RichMenuError(`${file} is ${width}×${height}; LINE needs 800–2500 px wide, ≥ 250 px high, width/height ≥ 1.45`);
  }
  const menuWidth = menu.size?.width ?? 0;
  const menuHeight = menu.size?.height ?? 0;
  if (menuWidth > 0 && menuHeight > 0 && Math.abs(width / height - menuWidth / menuHeight) > 0.01) {
    throw new RichMenuError(
      `${file} is ${width}×${height} but the menu is ${menuWidth}×${menuHeight}; make the image ${menuWidth}×${menuHeight} so the tap areas match it`,
    );
  }
  return { contentType: png ? 'image/png' : 'image/jpeg', width, height, bytes };
}
