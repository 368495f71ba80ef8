"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

function format(date: Date, style: "datetime" | "date", timeZone?: string) {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit" } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/**
 * A timestamp in the reader's time zone. The server renders it in UTC (it cannot know the
 * reader's zone); the browser then shows local time, with the exact instant in the tooltip.
 */
export function LocalTime({ value, style = "datetime" }: { value: Date | string; style?: "datetime" | "date" }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const text = useSyncExternalStore(
    subscribe,
    () => format(date, style),
    () => `${format(date, style, "UTC")}${style === "datetime" ? " UTC" : ""}`,
  );
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className="whitespace-nowrap">
      {text}
    </time>
  );
}
