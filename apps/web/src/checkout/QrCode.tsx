import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Spin } from 'antd';
import QRCode from 'qrcode';

/** Quiet zone in modules: the 4 the QR standard asks for, so phones (and screenshots) decode it. */
const MARGIN = 4;
/** Roughly how wide the code is drawn on screen (CSS px); the exact width is a whole number of px per module. */
const TARGET_PX = 248;

/**
 * `value` as a QR code image, made in the browser (nothing leaves the page). Level Q error correction
 * so the logo over its centre (under 5 % of the area) costs nothing; each module is a whole number of
 * CSS px and the bitmap is drawn at the screen's pixel ratio, so the code stays crisp. It is an
 * <img>, which WeChat's long-press "recognise QR code" needs.
 */
export function QrCode({
  value,
  logo,
  testId = 'cashier-qr',
}: {
  value: string;
  logo?: ReactNode;
  testId?: string;
}) {
  const layout = useMemo(() => {
    try {
      const modules = QRCode.create(value, { errorCorrectionLevel: 'Q' }).modules.size + 2 * MARGIN;
      // Dense codes (long URLs) get smaller modules rather than overflowing a 375 px phone.
      const perModule = Math.max(2, Math.min(Math.round(TARGET_PX / modules), Math.floor(300 / modules)));
      return { modules, px: modules * perModule, perModule };
    } catch {
      return null;
    }
  }, [value]);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!layout) return;
    let live = true;
    const ratio = Math.min(3, Math.max(1, Math.ceil(window.devicePixelRatio || 1)));
    QRCode.toDataURL(value, {
      errorCorrectionLevel: 'Q',
      margin: MARGIN,
      scale: layout.perModule * ratio,
      color: { dark: '#000000ff', light: '#ffffffff' },
    })
      .then((u) => {
        if (live) setUrl(u);
      })
      .catch(() => {
        if (live) setUrl(null);
      });
    return () => {
      live = false;
    };
  }, [value, layout]);
  if (!layout) return null;
  const logoBox = Math.round(layout.px * 0.17);
  return (
    <div
      className="cashier-qr-box"
      data-testid={testId}
      style={{
        position: 'relative',
        width: layout.px,
        height: layout.px,
        margin: '0 auto',
        background: '#fff',
      }}
    >
      {url ? (
        <img
          src={url}
          width={layout.px}
          height={layout.px}
          alt="QR"
          className="cashier-qr"
          style={{ imageRendering: 'pixelated', display: 'block' }}
        />
      ) : (
        <Spin style={{ position: 'absolute', inset: 0, margin: 'auto', height: 32 }} />
      )}
      {url && logo ? (
        <div
          aria-hidden="true"
          style={{
            position: 'absolute',
            left: (layout.px - logoBox) / 2,
            top: (layout.px - logoBox) / 2,
            width: logoBox,
            height: logoBox,
            background: '#fff',
            borderRadius: 6,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            pointerEvents: 'none',
          }}
        >
          {logo}
        </div>
      ) : null}
    </div>
  );
}
