import { useState } from 'react';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Progress, Space, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { uploadImage } from '../../api/catalog';
import { ErrorAlert } from '../../layout/ErrorAlert';

const MAX_BYTES = 2 * 1024 * 1024;
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

/** Cover image: uploads on pick, shows a preview; the form keeps `coverUploadId` (and `coverUrl` for display). */
export function CoverUpload() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const coverUrl = Form.useWatch<string | null>('coverUrl', form);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {coverUrl ? (
        <Space align="start">
          <img
            src={coverUrl}
            alt={t('catalog.product.cover')}
            className="cover-preview"
            data-testid="cover-preview"
          />
          <Button
            icon={<DeleteOutlined />}
            onClick={() => form.setFieldsValue({ coverUploadId: null, coverUrl: null })}
            aria-label={t('catalog.product.removeCover')}
          />
        </Space>
      ) : null}
      <Upload
        accept={ACCEPT}
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > MAX_BYTES) {
            void message.error(t('catalog.product.coverTooLarge'));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          setError(null);
          setPercent(0);
          uploadImage(file as File, (p) => setPercent(p.total ? Math.round((p.loaded / p.total) * 100) : 0))
            .then((res) => {
              form.setFieldsValue({ coverUploadId: res.id, coverUrl: res.url });
              onSuccess?.(res);
            })
            .catch((err: unknown) => {
              setError(err);
              onError?.(err as Error);
            })
            .finally(() => setPercent(null));
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="cover-upload">
          {coverUrl ? t('catalog.product.replaceCover') : t('catalog.product.uploadCover')}
        </Button>
      </Upload>
      {percent !== null ? <Progress percent={percent} size="small" /> : null}
      {error ? <ErrorAlert error={error} /> : null}
    </Space>
  );
}
