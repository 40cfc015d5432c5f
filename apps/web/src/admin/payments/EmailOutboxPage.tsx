import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EmailStatus, EmailSummary } from '@kameng/shared';
import { App, Button, Descriptions, Drawer, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchEmail, fetchEmails, resendEmail } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { PageLoading } from '../../layout/PageLoading';

const STATUSES: EmailStatus[] = ['queued', 'sent', 'failed', 'outbox'];
const COLORS: Record<EmailStatus, string> = {
  queued: 'processing',
  sent: 'success',
  failed: 'error',
  outbox: 'default',
};
const PAGE = 50;

/** Route /admin/emails: outgoing e-mail (the outbox when no SMTP is configured), newest first. */
export function EmailOutboxPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<EmailStatus | undefined>();
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors[cursors.length - 1];
  const [viewing, setViewing] = useState<string | null>(null);
  const params = { status, before, limit: PAGE };
  const list = useQuery({
    queryKey: [...queryKeys.emails, params],
    queryFn: () => fetchEmails(params),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const columns: ColumnsType<EmailSummary> = [
    {
      title: t('emails.createdAt'),
      dataIndex: 'createdAt',
      key: 'at',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    { title: t('emails.to'), dataIndex: 'to', key: 'to' },
    {
      title: t('emails.subject'),
      dataIndex: 'subject',
      key: 'subject',
      render: (v: string, e) => (
        <Button type="link" size="small" onClick={() => setViewing(e.id)} data-testid="email-view">
          {v}
        </Button>
      ),
    },
    { title: t('emails.template'), dataIndex: 'template', key: 'template' },
    {
      title: t('emails.status'),
      dataIndex: 'status',
      key: 'status',
      render: (v: EmailStatus) => (
        <Tag color={COLORS[v]} data-testid="email-status" data-status={v}>
          {t(`emails.statuses.${v}`)}
        </Tag>
      ),
    },
    { title: t('emails.attempts'), dataIndex: 'attempts', key: 'attempts' },
    {
      title: t('emails.lastError'),
      dataIndex: 'lastError',
      key: 'err',
      render: (v: string | null) => v ?? '—',
    },
  ];
  return (
    <div data-testid="admin-emails">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('emails.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('emails.help')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<EmailStatus>
          allowClear
          placeholder={t('emails.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setCursors([]);
          }}
          style={{ width: 160 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`emails.statuses.${s}`) }))}
          data-testid="email-status-filter"
        />
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<EmailSummary>
        rowKey="id"
        size="small"
        scroll={{ x: true }}
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        pagination={false}
        locale={{ emptyText: <Empty description={t('emails.empty')} /> }}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('emails.newer')}
        </Button>
        <Button
          disabled={items.length < PAGE}
          onClick={() => setCursors((c) => [...c, items[items.length - 1]!.createdAt])}
        >
          {t('emails.older')}
        </Button>
      </Space>
      <Drawer
        open={!!viewing}
        onClose={() => setViewing(null)}
        size="large"
        title={t('emails.message')}
        destroyOnHidden
      >
        {viewing ? <EmailView id={viewing} /> : null}
      </Drawer>
    </div>
  );
}

function EmailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const email = useQuery({ queryKey: [...queryKeys.emails, 'detail', id], queryFn: () => fetchEmail(id) });
  const resend = useMutation({
    mutationFn: () => resendEmail(id),
    onSuccess: async () => {
      void message.success(t('emails.resent'));
      await qc.invalidateQueries({ queryKey: queryKeys.emails });
    },
    onError: (e) => void message.error(e.message),
  });
  if (email.isPending) return <PageLoading />;
  if (email.isError) return <ErrorAlert error={email.error} onRetry={() => void email.refetch()} />;
  const e = email.data;
  return (
    <div data-testid="email-detail">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('emails.to')}>{e.to}</Descriptions.Item>
        <Descriptions.Item label={t('emails.subject')}>{e.subject}</Descriptions.Item>
        <Descriptions.Item label={t('emails.status')}>{t(`emails.statuses.${e.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('emails.createdAt')}>
          {formatDateTime(e.createdAt, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('emails.sentAt')}>
          {e.sentAt ? formatDateTime(e.sentAt, i18n.language) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('emails.body')}
      </Typography.Title>
      {/* The plain-text part only: the HTML part is not rendered in the console. */}
      <pre className="raw-notify" data-testid="email-body">
        {e.text}
      </pre>
      <Button onClick={() => resend.mutate()} loading={resend.isPending} style={{ marginTop: 12 }}>
        {t('emails.resend')}
      </Button>
    </div>
  );
}
