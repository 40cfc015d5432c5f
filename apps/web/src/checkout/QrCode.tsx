import { useEffect, useState } from 'react';
import { Spin } from 'antd';
import QRCode from 'qrcode';

/** Renders `value` as a QR code image (data URL made in the browser; nothing leaves the page). */
export function QrCode({ value, size = 220 }: { value: string; size?: number }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { width: size, margin: 1, errorCorrectionLevel: 'M' })
      .then((u) => {
        if (live) setUrl(u);
      })
      .catch(() => {
        if (live) setUrl(null);
      });
    return () => {
      live = false;
    };
  }, [value, size]);
  if (!url) return <Spin />;
  return (
    <img src={url} width={size} height={size} alt="QR" className="cashier-qr" data-testid="cashier-qr" />
  );
}
