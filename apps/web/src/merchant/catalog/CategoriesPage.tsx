import { useMemo, useState } from 'react';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Category } from '@kameng/shared';
import { App, Button, Empty, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { deleteCategory, fetchCategories, updateCategory } from '../../api/catalog';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { useCan } from '../use-can';
import { CategoryFormModal, type CategoryModalState } from './CategoryFormModal';
import { buildCategoryTree, type CategoryNode } from './category-tree';

interface Row extends Omit<CategoryNode, 'children'> {
  children?: Row[];
}

const toRows = (nodes: CategoryNode[]): Row[] =>
  nodes.map((n) => ({ ...n, children: n.children.length > 0 ? toRows(n.children) : undefined }));

/** Siblings of a category (same parent), in display order. */
function siblingsOf(tree: CategoryNode[], c: Category): CategoryNode[] {
  if (!c.parentId) return tree;
  const stack = [...tree];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.id === c.parentId) return n.children;
    stack.push(...n.children);
  }
  return tree;
}

/** The merchant's category tree: add children, rename, reorder, show/hide, delete (only when empty). */
export function CategoriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRead = useCan('catalog.read');
  const canWrite = useCan('catalog.write');
  const [modal, setModal] = useState<CategoryModalState | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const list = useQuery({ queryKey: queryKeys.categories, queryFn: fetchCategories, enabled: canRead });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const tree = useMemo(() => buildCategoryTree(items), [items]);
  const rows = useMemo(() => toRows(tree), [tree]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.categories });
  const toggle = useMutation({
    mutationFn: (c: Category) => updateCategory(c.id, { visible: !c.visible }),
    onSuccess: () => void refresh(),
    onError: (err: Error) => void message.error(err.message),
  });
  const move = useMutation({
    mutationFn: async ({ c, dir }: { c: Category; dir: -1 | 1 }) => {
      const siblings = siblingsOf(tree, c);
      const order = siblings.map((s) => s.id);
      const i = order.indexOf(c.id);
      const j = i + dir;
      if (i < 0 || j < 0 || j >= order.length) return;
      [order[i], order[j]] = [order[j]!, order[i]!];
      // Renumber the siblings 10, 20, 30… so equal sort values cannot keep the old order.
      const byId = new Map(siblings.map((s) => [s.id, s]));
      for (const [n, id] of order.entries()) {
        const sort = (n + 1) * 10;
        if (byId.get(id)?.sort !== sort) await updateCategory(id, { sort });
      }
    },
    onSettled: () => void refresh(),
    onError: (err: Error) => void message.error(err.message),
  });
  const remove = useMutation({
    mutationFn: (c: Category) => deleteCategory(c.id),
    onMutate: () => setDeleteError(null),
    onSuccess: () => {
      void message.success(t('catalog.categories.deleted'));
      void refresh();
    },
    onError: (err: Error) => setDeleteError(err),
  });

  if (!canRead) return <Forbidden />;

  const columns: ColumnsType<Row> = [
    {
      title: t('catalog.categories.name'),
      dataIndex: 'name',
      key: 'name',
      render: (v: string, c) => (
        <Space size={4}>
          <span data-testid="category-name">{v}</span>
          {c.visible ? null : <Tag>{t('catalog.categories.hidden')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('catalog.categories.visible'),
      dataIndex: 'visible',
      key: 'visible',
      render: (v: boolean, c) => (
        <Switch
          size="small"
          checked={v}
          disabled={!canWrite}
          loading={toggle.isPending && toggle.variables.id === c.id}
          onChange={() => toggle.mutate(c)}
          aria-label={t('catalog.categories.visible')}
        />
      ),
    },
    { title: t('catalog.categories.productCount'), dataIndex: 'productCount', key: 'productCount' },
    { title: t('catalog.categories.sort'), dataIndex: 'sort', key: 'sort' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_v, c) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<ArrowUpOutlined />}
            aria-label={t('catalog.categories.moveUp')}
            disabled={move.isPending}
            onClick={() => move.mutate({ c, dir: -1 })}
          />
          <Button
            type="link"
            size="small"
            icon={<ArrowDownOutlined />}
            aria-label={t('catalog.categories.moveDown')}
            disabled={move.isPending}
            onClick={() => move.mutate({ c, dir: 1 })}
          />
          <Button
            type="link"
            size="small"
            data-testid="category-add-child"
            onClick={() => setModal({ mode: 'create', parentId: c.id })}
          >
            {t('catalog.categories.addChild')}
          </Button>
          <Button
            type="link"
            size="small"
            data-testid="category-edit"
            onClick={() => setModal({ mode: 'edit', category: c })}
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('catalog.categories.confirmDelete', { name: c.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutate(c)}
          >
            <Button type="link" size="small" danger data-testid="category-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <div data-testid="category-tree">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalog.categories.title')}
        </Typography.Title>
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="category-add"
            onClick={() => setModal({ mode: 'create', parentId: null })}
          >
            {t('catalog.categories.add')}
          </Button>
        ) : null}
      </Space>
      {deleteError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={deleteError} />
        </div>
      ) : null}
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{ defaultExpandAllRows: true }}
          key={rows.length === 0 ? 'empty' : 'tree'}
          locale={{ emptyText: <Empty description={t('catalog.categories.empty')} /> }}
        />
      )}
      {modal ? <CategoryFormModal state={modal} categories={items} onClose={() => setModal(null)} /> : null}
    </div>
  );
}
