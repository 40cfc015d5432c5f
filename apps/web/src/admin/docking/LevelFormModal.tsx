import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResellerLevel } from '@kameng/shared';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, createLevel, updateLevel } from '../../api/admin-docking';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { bpsToPercent, percentToBps } from '../../lib/percent';

interface Values {
  name: string;
  discount: string;
}

/** Creates or renames a reseller level and sets its default discount (used where no fixed price is listed). */
export function LevelFormModal({ editing, onClose }: { editing: ResellerLevel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name.trim(), discountBps: percentToBps(v.discount || '0') ?? 0 };
      return editing ? updateLevel(editing.id, body) : createLevel(body);
    },
    onSuccess: () => {
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.levels });
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.resellers });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={editing ? t('adminDocking.levels.editTitle') : t('adminDocking.levels.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="level-modal">{node}</div>}
    >
      <Form<Values>
        form={form}
        name="level"
        layout="vertical"
        requiredMark={false}
        initialValues={{
          name: editing?.name ?? '',
          discount: editing ? bpsToPercent(editing.discountBps) : '0',
        }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="name" label={t('adminDocking.levels.name')} rules={rules.requiredText}>
          <Input name="name" maxLength={60} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="discount"
          label={t('adminDocking.levels.discount')}
          extra={t('adminDocking.levels.discountHint')}
          rules={[
            {
              validator: (_r, value: unknown) =>
                percentToBps(String(value ?? '0') || '0') !== null
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('adminDocking.levels.discountInvalid'))),
            },
          ]}
        >
          <Input name="discount" suffix="%" inputMode="decimal" autoComplete="off" style={{ width: 160 }} />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
