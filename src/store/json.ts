// JSON columns are stored as text on both dialects (portable, and SQLite has no
// JSON type); the repositories serialize on write and parse on read, so callers
// only ever see typed values.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function toJson(value: JsonValue | undefined): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJson<T extends JsonValue>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
