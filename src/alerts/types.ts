// What the rules find and what the channels carry. An alert is one rule firing for
// one subject (an entity kind or a system), identified by its key; a notice is a
// message about it: it started firing, it still fires (a reminder), it cleared.

export const RULES = ['deadLetters', 'lag', 'unreachable', 'conflicts', 'tokenRefresh'] as const;
export type RuleName = (typeof RULES)[number];

export type Severity = 'warning' | 'critical';

export type AlertFacts =
  | { readonly rule: 'deadLetters'; readonly entity: string; readonly count: number; readonly withinMinutes: number; readonly threshold: number }
  | {
      readonly rule: 'lag';
      readonly entity: string;
      /** Age of the oldest due job, when it is over the threshold. */
      readonly queueMinutes: number | null;
      /** Sides whose change scan has not worked for longer than the threshold. */
      readonly scans: ReadonlyArray<{ readonly side: string; readonly minutes: number }>;
      readonly thresholdMinutes: number;
    }
  | { readonly rule: 'unreachable'; readonly system: string; readonly minutes: number; readonly code: string; readonly message: string; readonly thresholdMinutes: number }
  | { readonly rule: 'conflicts'; readonly entity: string; readonly count: number; readonly oldestMinutes: number; readonly thresholdMinutes: number }
  | { readonly rule: 'tokenRefresh'; readonly code: string; readonly message: string };

export interface Alert {
  /** `<rule>:<subject>`: one firing alert per key. */
  readonly key: string;
  readonly rule: RuleName;
  /** The entity kind or the system. */
  readonly subject: string;
  readonly severity: Severity;
  readonly facts: AlertFacts;
}

export type NoticeKind = 'firing' | 'reminder' | 'resolved';

export interface Notice {
  readonly kind: NoticeKind;
  /** For `resolved`, the alert as it was last seen firing. */
  readonly alert: Alert;
  /** When the alert started firing (epoch ms). */
  readonly since: number;
  readonly at: number;
}

/** A notice as text: a one-line subject and a body. */
export interface Message {
  readonly subject: string;
  readonly text: string;
}

export interface Channel {
  /** bitrix24, email, telegram, webhook */
  readonly name: string;
  send(notice: Notice, message: Message): Promise<void>;
  close?(): Promise<void>;
}
