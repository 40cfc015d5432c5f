import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { cancelOrder } from '../api/orders';
import { queryKeys } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { orderPath } from './use-order-token';

/** "Cancel order" for an unpaid order, after a confirm; then the result page shows it cancelled. */
export function CancelOrderButton(props: { orderNo: string; token: string; block?: boolean }) {
  const { orderNo, token } = props;
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => cancelOrder(orderNo, token),
    onSuccess: (view) => {
      queryClient.setQueryData([...queryKeys.store, 'order', orderNo], view);
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.store, 'reseller-balance'] });
      void message.success(t('checkout.cancel.done'));
      void navigate(orderPath('order', orderNo, token), { replace: true });
    },
    // Paid or expired meanwhile: show the order as it is now.
    onError: () => void queryClient.invalidateQueries({ queryKey: [...queryKeys.store, 'order', orderNo] }),
  });
  return (
    <>
      {cancel.isError ? <ErrorAlert error={cancel.error} /> : null}
      <Popconfirm
        title={t('checkout.cancel.confirm')}
        description={t('checkout.cancel.confirmHint')}
        okText={t('checkout.cancel.ok')}
        cancelText={t('checkout.cancel.keep')}
        okButtonProps={{ danger: true }}
        onConfirm={() => cancel.mutate()}
      >
        <Button danger block={props.block} loading={cancel.isPending} data-testid="order-cancel">
          {t('checkout.cancel.button')}
        </Button>
      </Popconfirm>
    </>
  );
}
