import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** A centered spinner for a page or section that is loading. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 200, width: '100%' }}>
      <Spin aria-label={t('common.loading')} />
    </Flex>
  );
}
