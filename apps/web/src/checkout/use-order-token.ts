import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { recallOrderToken, rememberOrderToken } from '../api/orders';

/** The order number from the route and its access token (from ?token=, else this tab's sessionStorage). */
export function useOrderToken(): { orderNo: string; token: string | null } {
  const { orderNo = '' } = useParams();
  const [params] = useSearchParams();
  const fromUrl = params.get('token');
  const token = fromUrl ?? recallOrderToken(orderNo);
  useEffect(() => {
    if (fromUrl) rememberOrderToken(orderNo, fromUrl);
  }, [orderNo, fromUrl]);
  return { orderNo, token };
}

export function orderPath(kind: 'pay' | 'order', orderNo: string, token: string): string {
  return '/' + kind + '/' + encodeURIComponent(orderNo) + '?token=' + encodeURIComponent(token);
}
