import type { Hono } from 'hono';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Csrf, Field, Flash, Pager, Select, StatusBadge } from '../components';
import { formText, may, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { Details, Radios, Wide } from './controls';
import { errorsFor } from './form-errors';
import { BILLS, instanceApi, instancePage, INSTANCES, PAGE_SIZE, PURCHASE, query } from './paths';
import { InstanceFrame, instanceLabel, loadInstance, noticeOf, refusal, When, type InstanceView } from './shared';

type Catalogue = {
  readonly currency: string;
  readonly regions: readonly { id: string; name: string }[];
  readonly editions: readonly { id: string; hourlyFee: string; maxApplications: number; description: string }[];
  readonly mauTiers: readonly { upTo: number | null; pricePerMau: string }[];
};

type PurchaseValues = { region: string; edition: string; description: string };

const count = (n: number) => n.toLocaleString('en-US');

/** The published prices: what an edition costs an hour, and what each monthly active user costs, tier by tier. */
const Pricing = (props: { catalogue: Catalogue }) => {
  const { catalogue } = props;
  let from = 1;
  return (
    <Card title="Pricing">
      <p class="muted">
        An instance is billed by the hour it is in service (its edition's fee) plus its monthly active users (MAU), in {catalogue.currency}.
      </p>
      <Wide>
        <table aria-label="Editions">
          <thead>
            <tr>
              <th scope="col">Edition</th>
              <th scope="col">Hourly fee ({catalogue.currency})</th>
              <th scope="col">Applications</th>
              <th scope="col">What it is for</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.editions.map((e) => (
              <tr>
                <td>{e.id}</td>
                <td>{e.hourlyFee} / hour</td>
                <td>up to {count(e.maxApplications)}</td>
                <td>{e.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
      <h3>Monthly active users</h3>
      <p class="muted">Graduated: each user is priced at the tier it falls in, counted from the first of the month.</p>
      <Wide>
        <table aria-label="MAU price tiers">
          <thead>
            <tr>
              <th scope="col">Monthly active users</th>
              <th scope="col">Price per MAU ({catalogue.currency})</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.mauTiers.map((t) => {
              const range = t.upTo === null ? `above ${count(from - 1)}` : `${count(from)} – ${count(t.upTo)}`;
              if (t.upTo !== null) from = t.upTo + 1;
              return (
                <tr>
                  <td>{range}</td>
                  <td>{t.pricePerMau}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Wide>
    </Card>
  );
};

/** Purchase Instance, the instance list and an instance's overview. */
export const registerInstancePages = (app: Hono<ConsoleEnv>, { page }: ConsoleHelpers) => {
  const purchasePage = async (c: ConsoleContext, values: PurchaseValues, errors: FieldErrors = NO_ERRORS, status = 200) => {
    const catalogue = await c.get('api')('GET', '/api/v1/ciam/catalogue');
    if (!catalogue.ok) return refusal(page, c, 'Purchase instance', catalogue);
    const cat = catalogue.json as Catalogue;
    const allowed = may(c.get('principal'), 'idaas:CreateInstance');
    return page(
      c,
      'Purchase instance',
      <>
        <h1>Purchase instance</h1>
        <Pricing catalogue={cat} />
        <Flash error={errors.form} />
        {allowed ? (
          <section class="card" aria-labelledby="purchase-heading">
            <h2 id="purchase-heading">Your order</h2>
            <form method="post" action={PURCHASE}>
              <Csrf token={c.get('consoleSession').csrfToken} />
              <Select label="Region" name="region" value={values.region} errors={errors} options={cat.regions.map((r) => ({ value: r.id, label: `${r.name} (${r.id})` }))} />
              <Radios
                legend="Edition"
                name="edition"
                value={values.edition}
                errors={errors}
                options={cat.editions.map((e) => ({ value: e.id, label: `${e.id} — ${cat.currency} ${e.hourlyFee} / hour`, hint: `up to ${count(e.maxApplications)} applications` }))}
              />
              <Field label="Description" name="description" value={values.description} hint="optional, shown in the instance list" errors={errors} />
              <p class="muted">Deployment: Online. The instance initializes for a few seconds after the order, then runs; billing starts with the order.</p>
              <button type="submit">Buy instance</button>
            </form>
          </section>
        ) : (
          <p class="warning" role="status">
            Buying an instance needs the idaas:CreateInstance permission (AliyunYundunIdaasFullAccess).
          </p>
        )}
      </>,
      status,
    );
  };

  app.get(PURCHASE, (c) => purchasePage(c, { region: c.req.query('region') ?? '', edition: 'Basic', description: '' }));

  app.post(PURCHASE, async (c) => {
    const values = { region: formText(c, 'region'), edition: formText(c, 'edition'), description: formText(c, 'description') };
    const answer = await c.get('api')('POST', '/api/v1/ciam/instances', {
      region: values.region,
      edition: values.edition,
      ...(values.description ? { description: values.description } : {}),
    });
    if (!answer.ok) return purchasePage(c, values, errorsFor(answer, { region: ['Region'], edition: ['Edition'], description: ['Description'] }), answer.status);
    return c.redirect(`${instancePage(answer.json.instance.instanceId)}?done=purchased`, 303);
  });

  app.get(INSTANCES, async (c) => {
    const nextToken = c.req.query('nextToken');
    const answer = await c.get('api')('GET', `/api/v1/ciam/instances${query({ maxResults: PAGE_SIZE, nextToken })}`);
    if (!answer.ok) return refusal(page, c, 'Instances', answer);
    const instances = answer.json.instances as InstanceView[];
    return page(
      c,
      'Instances',
      <>
        <h1>Instances</h1>
        <p class="actions">
          {may(c.get('principal'), 'idaas:CreateInstance') && (
            <a class="button" href={PURCHASE}>
              Purchase instance
            </a>
          )}
          {may(c.get('principal'), 'billing:ListBills') && (
            <a class="button secondary" href={BILLS}>
              Usage and bills
            </a>
          )}
        </p>
        <section class="card" aria-labelledby="instances-heading">
          <h2 id="instances-heading">{nextToken ? 'Instances (continued)' : 'Your instances'}</h2>
          {instances.length === 0 ? (
            <p class="muted">No instances yet.</p>
          ) : (
            <Wide>
              <DataTable columns={['Instance', 'Region', 'Edition', 'Status', 'Purchased']}>
                {instances.map((i) => (
                  <tr>
                    <td>
                      <a href={instancePage(i.instanceId)}>{instanceLabel(i)}</a>
                      {i.description && (
                        <>
                          <br />
                          <code>{i.instanceId}</code>
                        </>
                      )}
                    </td>
                    <td>{i.region}</td>
                    <td>{i.edition}</td>
                    <td>
                      <StatusBadge status={i.status} />
                    </td>
                    <td>
                      <When iso={i.createdAt} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            </Wide>
          )}
          <Pager path={INSTANCES} nextToken={answer.json.nextToken} />
        </section>
      </>,
    );
  });

  app.get(`${INSTANCES}/:instanceId`, async (c) => {
    const id = c.req.param('instanceId');
    const answer = await loadInstance(c, id);
    if (!answer.ok) return refusal(page, c, 'Instance', answer);
    const instance = answer.json as InstanceView;
    const orders = await c.get('api')('GET', instanceApi(id, '/orders'));
    const origin = new URL(c.req.url).origin;
    return page(
      c,
      instanceLabel(instance),
      <InstanceFrame instance={instance} tab="overview">
        <Flash notice={noticeOf(c)} />
        {instance.status === 'Initializing' && (
          <div class="warning" role="status">
            <strong>Initializing.</strong> The instance is being set up (its signing keys are generated); it runs in a few seconds and accepts applications and accounts
            then. <a href={instancePage(id)}>Refresh</a> to see its status.
          </div>
        )}
        <Card title="Basic information">
          <Details
            rows={[
              ['Instance ID', <code>{instance.instanceId}</code>],
              ['Description', instance.description || <span class="muted">—</span>],
              ['Status', <StatusBadge status={instance.status} />],
              ['Region', instance.region],
              ['Edition', instance.edition],
              ['Deployment', instance.deployment],
              ['Purchased', <When iso={instance.createdAt} />],
              ...(instance.releasedAt ? ([['Released', <When iso={instance.releasedAt} />]] as const) : []),
              ['OpenID Connect issuer', <code>{`${origin}/ciam/${instance.instanceId}/oidc`}</code>],
            ]}
          />
        </Card>
        {orders.ok && (
          <Card title="Orders">
            <Wide>
              <DataTable columns={['Order', 'Type', 'Edition', 'Hourly fee', 'Placed']}>
                {(orders.json.orders as { orderId: string; type: string; edition: string; hourlyFee: string; currency: string; createdAt: string }[]).map((o) => (
                  <tr>
                    <td>
                      <code>{o.orderId}</code>
                    </td>
                    <td>{o.type}</td>
                    <td>{o.edition}</td>
                    <td>
                      {o.currency} {o.hourlyFee}
                    </td>
                    <td>
                      <When iso={o.createdAt} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            </Wide>
          </Card>
        )}
      </InstanceFrame>,
    );
  });
};
