const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Parses an ISO-8601 duration of weeks, days, hours, minutes and seconds (`P7D`, `PT12H`, `P1DT6H`)
 * into milliseconds. Years and months are refused: their length depends on the calendar, and Log
 * Analytics look-back windows are expressed in days. Returns undefined when the text is not such a
 * duration or is zero.
 */
export function parseIsoDuration(text: string): number | undefined {
  const m = ISO_DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  const ms =
    Number(w ?? 0) * 604_800_000 +
    Number(d ?? 0) * 86_400_000 +
    Number(h ?? 0) * 3_600_000 +
    Number(min ?? 0) * 60_000 +
    Number(s ?? 0) * 1000;
  return ms > 0 ? ms : undefined;
}

/** A look-back window (`KV_LOOKBACK`, `--lookback`, `lookback` of a run request): as written, and in ms. */
export interface Lookback {
  /** The ISO-8601 duration, upper-cased: what the Log Analytics query's `timespan` says. */
  text: string;
  ms: number;
}

/**
 * The one parser of look-back windows for settings, the CLI, HTTP requests and queued runs. Returns
 * the window, or a sentence saying why the text is not one.
 */
export function parseLookback(text: string): Lookback | { problem: string } {
  const ms = parseIsoDuration(text);
  if (ms === undefined) return { problem: `"${text}" is not an ISO-8601 duration such as P7D or PT12H` };
  return { text: text.trim().toUpperCase(), ms };
}
