import { useMemo } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Category } from '@kameng/shared';
import { App, Form, Input, InputNumber, Modal, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { createCategory, updateCategory } from '../../api/catalog';
import { queryKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { buildCategoryTree, categoryOptions } from './category-tree';

export type CategoryModalState =
  { mode: 'create'; parentId: string | null } | { mode: 'edit'; category: Category };

interface CategoryForm {
  name: string;
  parentId: string | null;
  sort: number;
  visible: boolean;
}

/** Adds a category (optionally under a parent) or renames / moves / re-sorts one. */
export function CategoryFormModal(props: {
  state: CategoryModalState;
  categories: Category[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CategoryForm>();
  const editing = props.state.mode === 'edit' ? props.state.category : null;
  const options = useMemo(
    () => categoryOptions(buildCategoryTree(props.categories), editing?.id),
    [props.categories, editing],
  );
  const mutation = useMutation({
    mutationFn: (v: CategoryForm) => {
      const body = {
        name: v.name.trim(),
        parentId: v.parentId ?? null,
        sort: v.sort ?? 0,
        visible: v.visible,
      };
      return editing ? updateCategory(editing.id, body) : createCategory(body);
    },
    onSuccess: () => {
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.categories });
      props.onClose();
    },
  });
  const siblingsMax = (parentId: string | null) =>
    props.categories.filter((c) => c.parentId === parentId).reduce((m, c) => Math.max(m, c.sort), 0);
  const initial: CategoryForm = editing
    ? { name: editing.name, parentId: editing.parentId, sort: editing.sort, visible: editing.visible }
    : {
        name: '',
        parentId: props.state.mode === 'create' ? props.state.parentId : null,
        sort: siblingsMax(props.state.mode === 'create' ? props.state.parentId : null) + 10,
        visible: true,
      };

  return (
    <Modal
      open
      title={editing ? t('catalog.categories.edit') : t('catalog.categories.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      okButtonProps={{ htmlType: 'submit' }}
    >
      <Form<CategoryForm>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => mutation.mutate(v)}
        data-testid="category-modal"
      >
        <Form.Item name="name" label={t('catalog.categories.name')} rules={rules.requiredText}>
          <Input name="name" maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="parentId" label={t('catalog.categories.parent')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            treeData={options}
            placeholder={t('catalog.categories.root')}
          />
        </Form.Item>
        <Form.Item name="sort" label={t('catalog.categories.sort')} extra={t('catalog.categories.sortHint')}>
          <InputNumber name="sort" min={-10000} max={10000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="visible" label={t('catalog.categories.visible')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
