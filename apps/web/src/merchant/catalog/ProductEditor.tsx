import { useMemo } from 'react';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { productStatuses, type Product } from '@kameng/shared';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { createProduct, fetchCategories, fetchProduct, updateProduct } from '../../api/catalog';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { PageLoading } from '../../layout/PageLoading';
import { useCan } from '../use-can';
import { buildCategoryTree, categoryOptions } from './category-tree';
import { CoverUpload } from './CoverUpload';
import { InputFieldBuilder } from './InputFieldBuilder';
import { MarkdownField } from './MarkdownField';
import { emptyProductForm, emptySku, formToBody, productToForm, type ProductForm } from './product-form';
import { SkuCard } from './SkuCard';

/** Route /merchant/products/new and /merchant/products/:id: loads the product, then the editor form. */
export function ProductEditorPage() {
  const { id } = useParams();
  const canRead = useCan('catalog.read');
  const isNew = !id || id === 'new';
  const product = useQuery({
    queryKey: queryKeys.product(id ?? 'new'),
    queryFn: () => fetchProduct(id!),
    enabled: canRead && !isNew,
  });
  if (!canRead) return <Forbidden />;
  if (isNew) return <ProductEditorForm product={null} />;
  if (product.isPending) return <PageLoading />;
  if (product.isError) return <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  // Re-mounted after each save so the form starts from the saved values (SKU ids included).
  return <ProductEditorForm key={product.data.updatedAt} product={product.data} />;
}

/** Every field of a product, its SKUs with pricing rules, and the buyer input fields. */
function ProductEditorForm({ product }: { product: Product | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan('catalog.write');
  const canManageKeys = useCan('keys.import');
  const [form] = Form.useForm<ProductForm>();
  const initial = useMemo(() => (product ? productToForm(product) : emptyProductForm()), [product]);
  const categories = useQuery({ queryKey: queryKeys.categories, queryFn: fetchCategories });
  const catOptions = useMemo(
    () => categoryOptions(buildCategoryTree(categories.data?.items ?? [])),
    [categories.data],
  );
  const savedSkus = useMemo(() => new Map((product?.skus ?? []).map((s) => [s.id, s])), [product]);
  const skuIds = Form.useWatch<(string | undefined)[] | undefined>(
    (v: Partial<ProductForm>) => v.skus?.map((s) => s?.id),
    form,
  );

  const save = useMutation({
    mutationFn: (v: ProductForm) => {
      const body = formToBody(v);
      return product ? updateProduct(product.id, body) : createProduct(body);
    },
    onSuccess: (saved) => {
      void message.success(t('common.saved'));
      queryClient.setQueryData(queryKeys.product(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.products });
      void queryClient.invalidateQueries({ queryKey: queryKeys.categories });
      if (!product) void navigate(`/merchant/products/${saved.id}`, { replace: true });
    },
  });

  return (
    <div data-testid="product-editor" data-product-id={product?.id}>
      <Space style={{ marginBottom: 16 }} wrap>
        <Link to="/merchant/products">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('catalog.products.title')} />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {product ? t('catalog.editor.editTitle') : t('catalog.editor.newTitle')}
        </Typography.Title>
      </Space>
      <Form<ProductForm>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={!canWrite}
        onFinish={(v) => save.mutate(v)}
        onFinishFailed={() => void message.error(t('catalog.editor.fixErrors'))}
        scrollToFirstError
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={t('catalog.editor.basics')}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="title"
                  label={t('catalog.product.title')}
                  rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
                >
                  <Input name="title" maxLength={80} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="slug"
                  label={t('catalog.product.slug')}
                  extra={t('catalog.product.slugHint')}
                  rules={[{ pattern: /^[a-z0-9][a-z0-9-]{0,79}$/i, message: t('catalog.product.slugRule') }]}
                >
                  <Input name="slug" maxLength={80} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="categoryId" label={t('catalog.product.category')}>
                  <TreeSelect
                    allowClear
                    treeDefaultExpandAll
                    treeData={catOptions}
                    loading={categories.isPending}
                    placeholder={t('catalog.product.noCategory')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="status" label={t('field.status')}>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    data-testid="product-status"
                    options={productStatuses.map((s) => ({ value: s, label: t(`catalog.status.${s}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="tags"
                  label={t('catalog.product.tags')}
                  extra={t('catalog.product.tagsHint')}
                >
                  <Select
                    mode="tags"
                    maxCount={10}
                    tokenSeparators={[',', '，']}
                    open={false}
                    suffixIcon={null}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="featured" label={t('catalog.product.featured')} valuePropName="checked">
                  <Switch data-testid="product-featured" />
                </Form.Item>
              </Col>
              <Col xs={8} md={4}>
                <Form.Item name="minQty" label={t('catalog.product.minQty')}>
                  <InputNumber name="minQty" precision={0} min={1} max={100000} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={8} md={4}>
                <Form.Item
                  name="maxQty"
                  label={t('catalog.product.maxQty')}
                  dependencies={['minQty']}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: (_r, v: number | null | undefined) =>
                        v === null ||
                        v === undefined ||
                        v >= ((getFieldValue('minQty') as number | null) ?? 1)
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('catalog.product.maxBelowMin'))),
                    }),
                  ]}
                >
                  <InputNumber
                    name="maxQty"
                    precision={0}
                    min={1}
                    max={100000}
                    placeholder={t('catalog.product.noLimit')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={8} md={4}>
                <Form.Item name="perBuyerLimit" label={t('catalog.product.perBuyerLimit')}>
                  <InputNumber
                    name="perBuyerLimit"
                    precision={0}
                    min={1}
                    max={100000}
                    placeholder={t('catalog.product.noLimit')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label={t('catalog.product.cover')} extra={t('catalog.product.coverHint')}>
                  <CoverUpload />
                </Form.Item>
                <Form.Item name="coverUploadId" hidden>
                  <Input />
                </Form.Item>
                <Form.Item name="coverUrl" hidden>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('catalog.editor.content')}>
            <MarkdownField />
            <Form.Item
              name="usageGuide"
              label={t('catalog.product.usageGuide')}
              extra={t('catalog.product.usageGuideHint')}
            >
              <Input.TextArea name="usageGuide" autoSize={{ minRows: 3, maxRows: 12 }} maxLength={5000} />
            </Form.Item>
          </Card>

          <Card title={t('catalog.editor.skus')}>
            <Form.List
              name="skus"
              rules={[
                {
                  validator: (_r, v: unknown[] | undefined) =>
                    v && v.length > 0
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('catalog.editor.needSku'))),
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  {fields.map((f) => {
                    const skuId = skuIds?.[f.name];
                    return (
                      <SkuCard
                        key={f.key}
                        index={f.name}
                        productId={product?.id ?? null}
                        saved={skuId ? savedSkus.get(skuId) : undefined}
                        canManageKeys={canManageKeys}
                        onRemove={fields.length > 1 && canWrite ? () => remove(f.name) : undefined}
                      />
                    );
                  })}
                  <Form.ErrorList errors={errors} />
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add(emptySku(fields.length))}
                    disabled={fields.length >= 50}
                    data-testid="sku-add"
                  >
                    {t('catalog.editor.addSku')}
                  </Button>
                  {product && fields.length < product.skus.length ? (
                    <Typography.Text type="warning">
                      {t('catalog.editor.removedSkusArchived')}
                    </Typography.Text>
                  ) : null}
                </Space>
              )}
            </Form.List>
          </Card>

          <Card title={t('catalog.inputFields.title')}>
            <Typography.Paragraph type="secondary">{t('catalog.inputFields.intro')}</Typography.Paragraph>
            <InputFieldBuilder />
          </Card>

          {save.isError ? <ErrorAlert error={save.error} /> : null}
          {canWrite ? (
            <div className="editor-actions">
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="product-save">
                {t('common.save')}
              </Button>
            </div>
          ) : null}
        </Space>
      </Form>
    </div>
  );
}
