import { useMutation, useQueryClient } from '@tanstack/react-query';
import { feeBearers, type FeeSchedule } from '@kameng/shared';
import { App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { saveFeeSchedule } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { bpsToPercent, percentToBps } from '../../lib/percent';
import { MoneyInput } from '../../merchant/catalog/MoneyInput';
import { useFeeRules } from './fee-rules';

interface FeeValues {
  channelId: string;
  name: string;
  rate: string;
  fixed: string;
  bearer: FeeSchedule['bearer'];
}

/** Adds (schedule null) or edits a payment channel's fee: rate in %, fixed part in 元, who bears it. */
export function FeeScheduleModal(props: { schedule: FeeSchedule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const feeRules = useFeeRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FeeValues>();
  const s = props.schedule;
  const mutation = useMutation({
    mutationFn: (v: FeeValues) =>
      saveFeeSchedule(v.channelId.trim(), {
        name: v.name.trim(),
        rateBps: percentToBps(v.rate)!,
        fixedFen: yuanToFen(v.fixed)!,
        bearer: v.bearer,
      }),
    onSuccess: () => {
      void message.success(t('adminFinance.fees.saved'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.feeSchedules });
      props.onClose();
    },
  });
  return (
    <Modal
      open
      title={s ? t('adminFinance.fees.editChannel') : t('adminFinance.fees.addChannel')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="fee-modal">{node}</div>}
    >
      <Form<FeeValues>
        form={form}
        name="fee-schedule"
        layout="vertical"
        requiredMark={false}
        initialValues={{
          channelId: s?.channelId ?? '',
          name: s?.name ?? '',
          rate: s ? bpsToPercent(s.rateBps) : '',
          fixed: s ? fenToYuan(s.fixedFen) : '0',
          bearer: s?.bearer ?? 'merchant',
        }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="channelId"
          label={t('adminFinance.fees.channelId')}
          extra={t('adminFinance.fees.channelIdHint')}
          rules={[
            ...rules.requiredText,
            { pattern: /^[a-z0-9][a-z0-9_.-]{0,63}$/, message: t('adminFinance.fees.channelIdRule') },
          ]}
        >
          <Input name="channelId" disabled={!!s} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('adminFinance.fees.name')} rules={rules.requiredText}>
          <Input name="name" maxLength={60} autoComplete="off" />
        </Form.Item>
        <Form.Item name="rate" label={t('adminFinance.fees.rate')} rules={feeRules.percent}>
          <Input name="rate" suffix="%" inputMode="decimal" autoComplete="off" style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="fixed" label={t('adminFinance.fees.fixed')} rules={feeRules.moneyOrZero}>
          <MoneyInput name="fixedFen" style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="bearer" label={t('adminFinance.fees.bearer')}>
          <Radio.Group
            optionType="button"
            options={feeBearers.map((b) => ({ value: b, label: t(`adminFinance.fees.bearers.${b}`) }))}
          />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
