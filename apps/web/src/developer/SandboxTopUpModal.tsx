import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MAX_SANDBOX_TOP_UP } from '@kameng/shared';
import { App, Form, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { developerKeys, topUpSandbox } from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatFen, yuanToFen } from '../lib/money';
import { MoneyInput } from '../merchant/catalog/MoneyInput';
import { useMoneyRules } from '../merchant/catalog/money-rules';

/** Adds test money (never real money, never in the ledger) to the sandbox balance. */
export function SandboxTopUpModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const moneyRules = useMoneyRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string }>();
  const mutation = useMutation({
    mutationFn: (v: { amount: string }) => topUpSandbox({ amount: yuanToFen(v.amount)! }),
    onSuccess: (res) => {
      void message.success(t('developer.overview.toppedUp', { balance: formatFen(res.available) }));
      void queryClient.invalidateQueries({ queryKey: developerKeys.overview });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('developer.overview.topUpTitle')}
      okText={t('developer.overview.topUp')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="sandbox-topup-modal">{node}</div>}
    >
      <Typography.Paragraph type="secondary">{t('developer.overview.topUpHint')}</Typography.Paragraph>
      <Form
        form={form}
        name="sandboxTopUp"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="amount"
          label={t('developer.overview.amount')}
          extra={t('developer.overview.topUpMax', { max: formatFen(MAX_SANDBOX_TOP_UP) })}
          rules={[
            ...moneyRules.required,
            {
              validator: (_r, value: unknown) =>
                (yuanToFen(String(value ?? '')) ?? 0) <= MAX_SANDBOX_TOP_UP
                  ? Promise.resolve()
                  : Promise.reject(
                      new Error(t('developer.overview.topUpMax', { max: formatFen(MAX_SANDBOX_TOP_UP) })),
                    ),
            },
          ]}
        >
          <MoneyInput name="amount" />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
