import type { Hono } from 'hono';
import type { ConsoleHelpers } from '../app';
import { Card, Csrf, Flash } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import type { ApplicationView } from './applications';
import { Checkbox as Check, Details, Radios } from './controls';
import { errorsFor } from './form-errors';
import { applicationApi, applicationPage, instancePage, INSTANCES } from './paths';
import { InstanceFrame, noticeOf, openInstance, refusal, ticked } from './shared';

type LogonValues = { phoneCode: boolean; password: boolean; primary: string; selfRegistration: boolean; smsSecondFactor: boolean };

/** Registration And Logon Settings: which methods an application's hosted logon page offers, and self-registration. */
export const registerLogonSettingsPages = (app: Hono<ConsoleEnv>, { page }: ConsoleHelpers) => {
  const one = `${INSTANCES}/:instanceId/applications/:applicationId`;

  const logonPage = async (c: ConsoleContext, values?: LogonValues, errors: FieldErrors = NO_ERRORS, status = 200) => {
    const opened = await openInstance(page, c, 'Registration And Logon Settings');
    if ('refused' in opened) return opened.refused;
    const { instance, can } = opened;
    const appId = c.req.param('applicationId')!;
    const loaded = await c.get('api')('GET', applicationApi(instance.instanceId, appId));
    if (!loaded.ok) return refusal(page, c, 'Registration And Logon Settings', loaded);
    const a = loaded.json as ApplicationView;
    let v = values;
    if (!v) {
      const current = await c.get('api')('GET', applicationApi(instance.instanceId, appId, '/logon-methods'));
      if (!current.ok) return refusal(page, c, 'Registration And Logon Settings', current);
      v = current.json as LogonValues;
    }
    const here = applicationPage(instance.instanceId, appId, '/logon');
    const yes = (b: boolean) => (b ? 'On' : 'Off');
    return page(
      c,
      `Registration And Logon Settings · ${a.name}`,
      <InstanceFrame
        instance={instance}
        tab="applications"
        trail={[['Application Management', instancePage(instance.instanceId, '/applications')], [a.name, applicationPage(instance.instanceId, appId)], ['Registration And Logon Settings', undefined]]}
      >
        <Flash notice={noticeOf(c)} error={errors.form} />
        {can('idaas:SetApplicationLogonMethods') ? (
          <section class="card" aria-labelledby="logon-heading">
            <h2 id="logon-heading">Registration And Logon Settings</h2>
            <form method="post" action={here}>
              <Csrf token={c.get('consoleSession').csrfToken} />
              <fieldset class="checks">
                <legend>Logon methods</legend>
                <Check name="phoneCode" label="SMS verification code" checked={v.phoneCode} errors={errors} />
                <Check name="password" label="Password" checked={v.password} errors={errors} />
              </fieldset>
              <Radios
                legend="Primary logon method"
                name="primary"
                value={v.primary}
                errors={errors}
                options={[
                  { value: 'Password', label: 'Password', hint: 'offered first on the logon page' },
                  { value: 'PhoneCode', label: 'SMS verification code' },
                ]}
              />
              <fieldset class="checks">
                <legend>Registration and security</legend>
                <Check name="selfRegistration" label="Self-registration" hint="customers without an account create one from the logon page" checked={v.selfRegistration} errors={errors} />
                <Check name="smsSecondFactor" label="SMS second factor after a password" checked={v.smsSecondFactor} errors={errors} />
              </fieldset>
              <button type="submit">Save settings</button>
            </form>
          </section>
        ) : (
          <Card title="Registration And Logon Settings">
            <Details
              rows={[
                ['SMS verification code', yes(v.phoneCode)],
                ['Password', yes(v.password)],
                ['Primary logon method', v.primary],
                ['Self-registration', yes(v.selfRegistration)],
                ['SMS second factor', yes(v.smsSecondFactor)],
              ]}
            />
          </Card>
        )}
      </InstanceFrame>,
      status,
    );
  };

  app.get(`${one}/logon`, (c) => logonPage(c));

  app.post(`${one}/logon`, async (c) => {
    const v: LogonValues = {
      phoneCode: ticked(c, 'phoneCode'),
      password: ticked(c, 'password'),
      primary: formText(c, 'primary'),
      selfRegistration: ticked(c, 'selfRegistration'),
      smsSecondFactor: ticked(c, 'smsSecondFactor'),
    };
    const instanceId = c.req.param('instanceId');
    const appId = c.req.param('applicationId');
    const answer = await c.get('api')('PUT', applicationApi(instanceId, appId, '/logon-methods'), v);
    if (!answer.ok) {
      const errors = errorsFor(answer, { primary: ['PrimaryLogonMethod'], smsSecondFactor: ['SmsSecondFactor'], phoneCode: [], password: [], selfRegistration: [] });
      return logonPage(c, v, errors, answer.status);
    }
    return c.redirect(`${applicationPage(instanceId, appId, '/logon')}?done=logon-saved`, 303);
  });
};
