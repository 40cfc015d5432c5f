import type { ApiStats } from '@kameng/shared';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/*
 * The monitoring charts. This module is the only one that imports recharts and is loaded with
 * React.lazy from the dashboards, so the charting bundle is fetched on those routes only.
 */

const HEIGHT = 240;
const colors = { calls: '#1677ff', errors: '#ff4d4f', p50: '#52c41a', p95: '#faad14', p99: '#ff4d4f' };

const pad = (n: number) => String(n).padStart(2, '0');

/** Bucket labels: the time of day over 24 h, the day and hour over 7 d (local time). */
function tickLabel(iso: string, range: ApiStats['range']): string {
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return range === '24h' ? time : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** Calls and errors per minute (averaged over each bucket), error rate and p50/p95/p99 latency, as three charts. */
export default function StatsCharts({ stats }: { stats: ApiStats }) {
  const { t } = useTranslation();
  const minutes = stats.bucketSeconds / 60;
  const perMinute = (n: number) => Math.round((n / minutes) * 100) / 100;
  const data = stats.buckets.map((b) => ({
    label: tickLabel(b.at, stats.range),
    calls: perMinute(b.calls),
    errors: perMinute(b.errors),
    // No calls, no rate: a gap in the line rather than a misleading 0 %.
    errorRate: b.calls > 0 ? Math.round((b.errors / b.calls) * 10_000) / 100 : null,
    p50: b.p50,
    p95: b.p95,
    p99: b.p99,
  }));
  const ms = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '—');
  const axis = { dataKey: 'label', minTickGap: 24, tick: { fontSize: 11 } };
  return (
    <Row gutter={[16, 16]} data-testid="stats-charts">
      <Col xs={24} xl={12}>
        <Card size="small" title={t('developer.dashboard.callsChart')} data-testid="chart-calls">
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis {...axis} />
              <YAxis width={40} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend />
              <Bar
                dataKey="calls"
                name={t('developer.dashboard.calls')}
                fill={colors.calls}
                isAnimationActive={false}
              />
              <Bar
                dataKey="errors"
                name={t('developer.dashboard.errors')}
                fill={colors.errors}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('developer.dashboard.errorRateChart')} data-testid="chart-error-rate">
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis {...axis} />
              <YAxis unit="%" domain={[0, 100]} width={48} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? `${v}%` : '—')} />
              <Line
                type="monotone"
                dataKey="errorRate"
                name={t('developer.dashboard.errorRate')}
                stroke={colors.errors}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('developer.dashboard.latencyChart')} data-testid="chart-latency">
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis {...axis} />
              <YAxis unit=" ms" width={64} tick={{ fontSize: 11 }} />
              <Tooltip formatter={ms} />
              <Legend />
              {(['p50', 'p95', 'p99'] as const).map((k) => (
                <Line
                  key={k}
                  type="monotone"
                  dataKey={k}
                  name={k}
                  stroke={colors[k]}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </Card>
      </Col>
    </Row>
  );
}
