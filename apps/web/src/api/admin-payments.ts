/** Admin console: payment channels, notify log, anomalies, e-mail outbox. */
import type { z } from 'zod';
import type {
  ChannelTestResult,
  DuplicateRefund,
  EmailDetail,
  EmailList,
  EmailListQuery,
  MarkDuplicateRefundedBody,
  NotifyLogEntry,
  PaymentAnomaly,
  PaymentChannel,
  createChannelBody,
  notifyListQuery,
  updateChannelBody,
} from '@kameng/shared';
import { query, request } from './client';

export type CreateChannelInput = z.input<typeof createChannelBody>;
export type UpdateChannelInput = z.input<typeof updateChannelBody>;
export type NotifyListQuery = Partial<z.infer<typeof notifyListQuery>>;

const base = '/api/admin/payments';
const channel = (id: string) => base + '/channels/' + encodeURIComponent(id);

export function fetchChannels(): Promise<{ items: PaymentChannel[] }> {
  return request('GET', base + '/channels');
}

export function createChannel(body: CreateChannelInput): Promise<PaymentChannel> {
  return request('POST', base + '/channels', body);
}

export function updateChannel(id: string, body: UpdateChannelInput): Promise<PaymentChannel> {
  return request('PATCH', channel(id), body);
}

/** Pauses a channel by hand: no new payments are routed to it until it is resumed. */
export function pauseChannel(id: string): Promise<PaymentChannel> {
  return request('POST', channel(id) + '/pause');
}

/** Resumes a channel now: enabled, an automatic pause lifted and its failure count cleared. */
export function resumeChannel(id: string): Promise<PaymentChannel> {
  return request('POST', channel(id) + '/resume');
}

export function testChannel(id: string): Promise<ChannelTestResult> {
  return request('POST', channel(id) + '/test');
}

export function fetchNotifies(params: NotifyListQuery): Promise<{ items: NotifyLogEntry[] }> {
  return request('GET', base + '/notifies' + query(params));
}

export function fetchAnomalies(): Promise<{ items: PaymentAnomaly[] }> {
  return request('GET', base + '/anomalies');
}

/** Records that a duplicate payment the channel could not refund was paid back by hand. */
export function markDuplicateRefundedOffline(
  attemptId: string,
  body: MarkDuplicateRefundedBody,
): Promise<DuplicateRefund> {
  return request('POST', base + '/attempts/' + encodeURIComponent(attemptId) + '/refunded-offline', body);
}

export function fetchEmails(params: Partial<EmailListQuery>): Promise<EmailList> {
  return request('GET', '/api/admin/emails' + query(params));
}

export function fetchEmail(id: string): Promise<EmailDetail> {
  return request('GET', '/api/admin/emails/' + encodeURIComponent(id));
}

export function resendEmail(id: string): Promise<unknown> {
  return request('POST', '/api/admin/emails/' + encodeURIComponent(id) + '/resend');
}
