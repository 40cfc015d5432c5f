import type { ProductStatus } from '@kameng/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<ProductStatus, string> = { draft: 'default', on_sale: 'success', off_sale: 'warning' };

/** A product's status as a colored tag. */
export function ProductStatusTag({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status]} data-status={status}>
      {t(`catalog.status.${status}`)}
    </Tag>
  );
}
