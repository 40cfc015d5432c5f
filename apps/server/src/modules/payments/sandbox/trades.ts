import { and, eq, sql } from 'drizzle-orm';
import { prepared } from '../../../db/prepared';
import { sandboxTrades } from './schema';

// The gateway's statements on a checkout's path, prepared (db/prepared.ts).
const p = (name: string) => sql.placeholder(name);
export const insertTrade = prepared('sandbox_trade_insert', (db) =>
  db
    .insert(sandboxTrades)
    .values({
      tradeNo: p('tradeNo'),
      mchId: p('mchId'),
      outTradeNo: p('outTradeNo'),
      amount: p('amount'),
      subject: p('subject'),
      notifyUrl: p('notifyUrl'),
      returnUrl: p('returnUrl'),
    })
    .onConflictDoNothing(),
);
export const tradeByOutTradeNo = prepared('sandbox_trade_by_out_trade_no', (db) =>
  db
    .select()
    .from(sandboxTrades)
    .where(and(eq(sandboxTrades.mchId, p('mchId')), eq(sandboxTrades.outTradeNo, p('outTradeNo')))),
);
export const tradeByNo = prepared('sandbox_trade_by_no', (db) =>
  db
    .select()
    .from(sandboxTrades)
    .where(eq(sandboxTrades.tradeNo, p('tradeNo'))),
);
export const finishTrade = prepared('sandbox_trade_finish', (db) =>
  db
    .update(sandboxTrades)
    .set({ status: sql`${p('status')}`, paidAt: sql`${p('paidAt')}` })
    .where(and(eq(sandboxTrades.tradeNo, p('tradeNo')), eq(sandboxTrades.status, 'unpaid')))
    .returning(),
);
