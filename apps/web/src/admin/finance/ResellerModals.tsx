import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResellerAccount } from '@kameng/shared';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createReseller, topUpReseller } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen, yuanToFen } from '../../lib/money';
import { MoneyInput } from '../../merchant/catalog/MoneyInput';
import { useMoneyRules } from '../../merchant/catalog/money-rules';

/** Opens a reseller (预存款) account for an existing user, by e-mail. */
export function CreateResellerModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ email: string; name: string }>();
  const mutation = useMutation({
    mutationFn: (v: { email: string; name: string }) =>
      createReseller({ email: v.email, name: v.name.trim() }),
    onSuccess: () => {
      void message.success(t('adminFinance.resellers.created'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.resellers });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('adminFinance.resellers.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="reseller-modal">{node}</div>}
    >
      <Form
        form={form}
        name="reseller"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="email"
          label={t('adminFinance.resellers.email')}
          extra={t('adminFinance.resellers.emailHint')}
          rules={rules.email}
        >
          <Input name="email" type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('adminFinance.resellers.name')} rules={rules.requiredText}>
          <Input name="name" maxLength={60} autoComplete="off" />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}

/** Credits a reseller's prepaid balance manually, with a note (audited). */
export function TopUpModal({ reseller, onClose }: { reseller: ResellerAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const moneyRules = useMoneyRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string; note: string }>();
  const mutation = useMutation({
    mutationFn: (v: { amount: string; note: string }) =>
      topUpReseller(reseller.id, { amount: yuanToFen(v.amount)!, note: v.note.trim() }),
    onSuccess: (res) => {
      void message.success(
        t('adminFinance.resellers.toppedUp', { balance: formatFen(res.balance.available) }),
      );
      void queryClient.invalidateQueries({ queryKey: financeKeys.admin });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('adminFinance.resellers.topUpTitle', { name: reseller.name })}
      okText={t('adminFinance.resellers.topUp')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="topup-modal">{node}</div>}
    >
      <Typography.Paragraph type="secondary">
        {reseller.email} · {t('adminFinance.resellers.available')} {formatFen(reseller.balance.available)}
      </Typography.Paragraph>
      <Form
        form={form}
        name="topup"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="amount" label={t('adminFinance.resellers.amount')} rules={moneyRules.required}>
          <MoneyInput name="amount" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('adminFinance.resellers.note')}
          extra={t('adminFinance.resellers.noteHint')}
          rules={rules.minText(2)}
        >
          <Input.TextArea name="note" rows={3} maxLength={500} showCount />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
