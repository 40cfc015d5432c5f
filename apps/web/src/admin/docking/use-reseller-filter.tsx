import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, fetchApiResellers } from '../../api/admin-docking';

/**
 * The admin's reseller filter for the all-accounts views: the chosen reseller ('' = every account), its
 * selector, and the table column naming each row's reseller.
 */
export function useResellerFilter() {
  const { t } = useTranslation();
  const [resellerId, setResellerId] = useState('');
  const resellers = useQuery({
    queryKey: [...adminDockingKeys.resellers, ''],
    queryFn: () => fetchApiResellers({}),
  });
  const names = new Map((resellers.data?.items ?? []).map((r) => [r.id, r.name]));
  const select = (
    <Select<string>
      style={{ width: 240 }}
      value={resellerId}
      onChange={setResellerId}
      loading={resellers.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid="reseller-filter"
      options={[
        { value: '', label: t('adminDocking.allAccounts') },
        ...(resellers.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.email})` })),
      ]}
    />
  );
  const column = {
    title: t('adminDocking.reseller'),
    dataIndex: 'resellerId',
    key: 'resellerId',
    render: (id: string | null) => (id ? (names.get(id) ?? id.slice(0, 8)) : '—'),
  };
  return { resellerId, select, column };
}
