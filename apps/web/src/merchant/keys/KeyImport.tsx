import { useState } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KeyBatch, KeyImportOptions } from '@kameng/shared';
import {
  Button,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { importKeysFile, invalidLinesUrl, pasteKeys } from '../../api/inventory';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';

interface ImportForm {
  source: 'paste' | 'file';
  format: 'txt' | 'csv';
  delimiter: string;
  cardColumn: number;
  passwordColumn: number | null;
  header: boolean;
  text: string;
}

const delimiters = [
  { value: ',', key: 'comma' },
  { value: '\t', key: 'tab' },
  { value: ';', key: 'semicolon' },
  { value: '|', key: 'pipe' },
  { value: ' ', key: 'space' },
] as const;

/** Import keys by paste or file (.txt one per line, .csv with columns), with upload progress and a report. */
export function KeyImport({ skuId }: { skuId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ImportForm>();
  const source = Form.useWatch('source', form) ?? 'paste';
  const format = Form.useWatch('format', form) ?? 'txt';
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ percent: number; processing: boolean } | null>(null);

  const run = useMutation({
    mutationFn: async (v: ImportForm): Promise<KeyBatch> => {
      const options: KeyImportOptions = {
        format: v.format,
        delimiter: v.delimiter || ',',
        cardColumn: v.cardColumn ?? 1,
        passwordColumn: v.format === 'csv' ? (v.passwordColumn ?? null) : null,
        header: v.format === 'csv' ? v.header : false,
      };
      if (v.source === 'paste') return pasteKeys(skuId, { ...options, text: v.text });
      if (!file) throw new Error(t('keys.import.noFile'));
      setProgress({ percent: 0, processing: false });
      try {
        return await importKeysFile(skuId, file, options, (p) => {
          const percent = p.total ? Math.floor((p.loaded / p.total) * 100) : 0;
          // All bytes sent: the server is still de-duplicating and storing the keys.
          setProgress({ percent, processing: p.total > 0 && p.loaded >= p.total });
        });
      } finally {
        setProgress(null);
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.skuKeys(skuId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.products });
    },
  });

  const batch = run.data;
  return (
    <div data-testid="key-import">
      <Form<ImportForm>
        form={form}
        layout="vertical"
        initialValues={{
          source: 'paste',
          format: 'txt',
          delimiter: ',',
          cardColumn: 1,
          passwordColumn: 2,
          header: false,
          text: '',
        }}
        // All values, also of the CSV fields not shown for txt (onFinish only passes rendered fields).
        onFinish={() => run.mutate(form.getFieldsValue(true) as ImportForm)}
      >
        <Form.Item name="source" label={t('keys.import.source')}>
          <Radio.Group optionType="button" data-testid="import-source">
            <Radio.Button value="paste">
              <span data-testid="import-source-paste">{t('keys.import.paste')}</span>
            </Radio.Button>
            <Radio.Button value="file">
              <span data-testid="import-source-file">{t('keys.import.file')}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="format"
          label={t('keys.import.format')}
          extra={t(`keys.import.formatHint.${format}`)}
        >
          <Radio.Group data-testid="import-format">
            <Radio value="txt">{t('keys.import.txt')}</Radio>
            <Radio value="csv">{t('keys.import.csv')}</Radio>
          </Radio.Group>
        </Form.Item>
        {format === 'csv' ? (
          <Space wrap align="start">
            <Form.Item name="delimiter" label={t('keys.import.delimiter')}>
              <Select
                style={{ width: 150 }}
                options={delimiters.map((d) => ({
                  value: d.value,
                  label: t(`keys.import.delimiters.${d.key}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="cardColumn" label={t('keys.import.cardColumn')}>
              <InputNumber name="cardColumn" min={1} max={50} precision={0} />
            </Form.Item>
            <Form.Item name="passwordColumn" label={t('keys.import.passwordColumn')}>
              <InputNumber
                name="passwordColumn"
                min={1}
                max={50}
                precision={0}
                placeholder={t('keys.import.none')}
              />
            </Form.Item>
            <Form.Item name="header" valuePropName="checked" label=" ">
              <Checkbox>{t('keys.import.header')}</Checkbox>
            </Form.Item>
          </Space>
        ) : null}
        {source === 'paste' ? (
          <Form.Item
            name="text"
            label={t('keys.import.pasteLabel')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input.TextArea
              name="text"
              autoSize={{ minRows: 6, maxRows: 16 }}
              spellCheck={false}
              className="mono"
              placeholder={format === 'csv' ? 'CARD-0001,PASS-0001' : 'KEY-0001\nKEY-0002'}
            />
          </Form.Item>
        ) : (
          <Form.Item label={t('keys.import.fileLabel')} required>
            <Upload.Dragger
              accept=".txt,.csv,text/plain,text/csv"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : []}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('keys.import.dropHint')}</p>
            </Upload.Dragger>
          </Form.Item>
        )}
        {progress ? (
          <div data-testid="import-progress" data-percent={progress.percent} style={{ marginBottom: 16 }}>
            <Progress percent={progress.percent} status="active" />
            <Typography.Text type="secondary">
              {progress.processing ? t('keys.import.processing') : t('keys.import.uploading')}
            </Typography.Text>
          </div>
        ) : null}
        {run.isError ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={run.error} />
          </div>
        ) : null}
        <Button
          type="primary"
          htmlType="submit"
          loading={run.isPending}
          disabled={source === 'file' && !file}
          data-testid="import-submit"
        >
          {t('keys.import.submit')}
        </Button>
      </Form>
      {batch ? <ImportResult batch={batch} /> : null}
    </div>
  );
}

/** The counts of a finished import, with the invalid lines to download. */
function ImportResult({ batch }: { batch: KeyBatch }) {
  const { t } = useTranslation();
  const duplicates = batch.duplicatesInFile + batch.duplicatesExisting;
  return (
    <div
      data-testid="import-result"
      data-imported={batch.imported}
      data-duplicates={duplicates}
      data-duplicates-in-file={batch.duplicatesInFile}
      data-duplicates-existing={batch.duplicatesExisting}
      data-invalid={batch.invalid}
    >
      <Result
        status={batch.status === 'done' ? (batch.imported > 0 ? 'success' : 'warning') : 'error'}
        title={t('keys.import.resultTitle', { count: batch.imported })}
        subTitle={batch.filename ?? undefined}
      />
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('keys.batch.totalLines')}>{batch.totalLines}</Descriptions.Item>
        <Descriptions.Item label={t('keys.batch.imported')}>{batch.imported}</Descriptions.Item>
        <Descriptions.Item label={t('keys.batch.duplicatesInFile')}>
          {batch.duplicatesInFile}
        </Descriptions.Item>
        <Descriptions.Item label={t('keys.batch.duplicatesExisting')}>
          {batch.duplicatesExisting}
        </Descriptions.Item>
        <Descriptions.Item label={t('keys.batch.invalid')}>
          <Space>
            {batch.invalid}
            {batch.invalid > 0 ? (
              <a href={invalidLinesUrl(batch.id)} download data-testid="invalid-lines-link">
                {t('keys.batch.downloadInvalid')}
              </a>
            ) : null}
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
