import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_STABLE_VERSION, apiVersions, type ApiRolloutSettings, type ApiVersion } from '@kameng/shared';
import { App, Button, Card, Col, Form, InputNumber, Row, Select, Slider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, fetchApiResellers, fetchRollout, updateRollout } from '../../api/admin-docking';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { PageLoading } from '../../layout/PageLoading';

interface Values {
  nextVersion: ApiVersion;
  percent: number;
  allowList: string[];
}

/** Gray release (灰度) of the next protocol version: a percentage of accounts plus an allow-list. */
export function RolloutTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rollout = useQuery({ queryKey: adminDockingKeys.rollout, queryFn: fetchRollout });
  const resellers = useQuery({
    queryKey: [...adminDockingKeys.resellers, ''],
    queryFn: () => fetchApiResellers({}),
  });
  const save = useMutation({
    mutationFn: (v: Values) => updateRollout(v),
    onSuccess: (next: ApiRolloutSettings) => {
      void message.success(t('common.saved'));
      queryClient.setQueryData(adminDockingKeys.rollout, next);
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.resellers });
    },
  });
  if (rollout.isPending) return <PageLoading />;
  if (rollout.isError) return <ErrorAlert error={rollout.error} onRetry={() => void rollout.refetch()} />;
  const r = rollout.data;
  return (
    <Card title={t('adminDocking.rollout.title')} data-testid="docking-rollout">
      <Typography.Paragraph type="secondary">
        {t('adminDocking.rollout.help', { stable: API_STABLE_VERSION })}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="rollout"
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 640 }}
        initialValues={{ nextVersion: r.nextVersion, percent: r.percent, allowList: r.allowList }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="nextVersion"
          label={t('adminDocking.rollout.nextVersion')}
          rules={[{ required: true }]}
        >
          <Select
            style={{ width: 160 }}
            options={apiVersions.map((v) => ({ value: v, label: v }))}
            data-testid="rollout-version"
          />
        </Form.Item>
        <Form.Item label={t('adminDocking.rollout.percent')} extra={t('adminDocking.rollout.percentHint')}>
          <Row gutter={16} align="middle">
            <Col flex="auto">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} marks={{ 0: '0%', 25: '25%', 50: '50%', 75: '75%', 100: '100%' }} />
              </Form.Item>
            </Col>
            <Col flex="120px">
              <Form.Item
                name="percent"
                noStyle
                rules={[
                  {
                    required: true,
                    type: 'integer',
                    min: 0,
                    max: 100,
                    message: t('adminDocking.rollout.percentRange'),
                  },
                ]}
              >
                <InputNumber
                  name="percent"
                  min={0}
                  max={100}
                  precision={0}
                  suffix="%"
                  style={{ width: 110 }}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form.Item>
        <Form.Item
          name="allowList"
          label={t('adminDocking.rollout.allowList')}
          extra={t('adminDocking.rollout.allowListHint')}
        >
          <Select
            mode="multiple"
            allowClear
            loading={resellers.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="rollout-allow-list"
            options={(resellers.data?.items ?? []).map((x) => ({
              value: x.id,
              label: `${x.name} (${x.email})`,
            }))}
          />
        </Form.Item>
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="rollout-save">
          {t('common.save')}
        </Button>
        {r.updatedAt ? (
          <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
            {t('adminDocking.rollout.updatedAt', { at: formatDateTime(r.updatedAt, i18n.language) })}
          </Typography.Text>
        ) : null}
      </Form>
    </Card>
  );
}
