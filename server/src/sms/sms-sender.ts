// Text messages to residents' phones (the sign-in code). One interface, a driver per provider,
// chosen by SMS_DRIVER (docs/operations.md "Text messages"): `log` (development) writes the message
// to the server log, and — when SMS_OUTBOX_FILE is set — appends it as a JSON line to that file,
// which the browser tests read; `memory` keeps them in a list for the API tests.
import { appendFileSync } from 'node:fs';
import { maskPhone } from '../../../core/src/register/masking.js';

export interface SmsSender {
  /** Sends `text` to a mainland mobile number (11 digits); throws when the provider refuses. */
  send(phone: string, text: string): Promise<void>;
}

export interface SentSms {
  at: Date;
  phone: string;
  text: string;
}

/** A sender that keeps what it sent in `sent` (tests; buildApp's `sms` option). */
export function createMemorySms(): SmsSender & { sent: SentSms[]; last(phone: string): SentSms | undefined } {
  const sent: SentSms[] = [];
  return {
    sent,
    last: (phone) => sent.filter((m) => m.phone === phone).at(-1),
    async send(phone, text) {
      sent.push({ at: new Date(), phone, text });
    },
  };
}

interface Log {
  info(obj: object, msg: string): void;
}

/**
 * The development driver: nothing leaves the machine. The code is written to the log in clear, so
 * this driver must not serve real residents (main.ts warns when it runs with NODE_ENV=production).
 */
export function createLogSms(log: Log, outboxFile: string | null = null): SmsSender {
  return {
    async send(phone, text) {
      log.info({ sms: { to: maskPhone(phone), text } }, 'sms (log driver: not sent)');
      if (outboxFile) appendFileSync(outboxFile, `${JSON.stringify({ at: new Date().toISOString(), phone, text })}\n`);
    },
  };
}

export const SMS_DRIVERS = ['log'] as const;
export type SmsDriver = (typeof SMS_DRIVERS)[number];

/** The sender SMS_DRIVER names. A provider's driver is added here (docs/operations.md). */
export function createSmsSender(driver: SmsDriver, log: Log, env: NodeJS.ProcessEnv = process.env): SmsSender {
  switch (driver) {
    case 'log':
      return createLogSms(log, env.SMS_OUTBOX_FILE || null);
  }
}
