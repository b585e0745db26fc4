'use client';
// The tenant's reporting time zone: shown, searched, changed. After a change every open
// analytics page loads its figures again (they are computed in the new zone).
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { announceSettingsChanged } from '#lib/client/settingsChanged';
import {
  SettingsRequestError,
  tenantSettingsApi,
  type LoadedSettings,
} from '#lib/client/tenantSettingsApi';
import { figuresOn } from '#lib/panelTimeZones';
import { describeTimeZone } from '#lib/timeZones';
import { ErrorState, Skeleton } from '../PanelStates';
import { TimeZonePicker } from './TimeZonePicker';

const FOLLOWING = figuresOn('tenant');
const STAYING_UTC = figuresOn('utc');

function endSessionOn(caught: unknown): boolean {
  if (caught instanceof SettingsRequestError && caught.sessionEnded !== undefined) {
    window.location.assign(`/signin?reason=${caught.sessionEnded}`);
    return true;
  }
  return false;
}

export function TimeZoneSettings() {
  const errorId = useId();
  const [loaded, setLoaded] = useState<LoadedSettings | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [choice, setChoice] = useState<string | undefined>();
  const [refusal, setRefusal] = useState<SettingsRequestError | undefined>();
  const [busy, setBusy] = useState(false);
  const [savedZone, setSavedZone] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    tenantSettingsApi.load().then(
      (settings) => {
        if (!current) return;
        setLoaded(settings);
        setChoice(settings.settings.time_zone);
        setLoadError(undefined);
      },
      (caught: unknown) => {
        if (current && !endSessionOn(caught)) setLoadError((caught as Error).message);
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const choose = useCallback((zone: string) => {
    setChoice(zone);
    setRefusal(undefined);
    setSavedZone(undefined);
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (choice === undefined || loaded === undefined) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      const saved = await tenantSettingsApi.saveTimeZone(choice, loaded.etag);
      setLoaded(saved);
      setChoice(saved.settings.time_zone);
      setSavedZone(saved.settings.time_zone);
      announceSettingsChanged();
    } catch (caught) {
      if (!endSessionOn(caught)) {
        setRefusal(
          caught instanceof SettingsRequestError
            ? caught
            : new SettingsRequestError('The change could not be saved.'),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const zone = loaded?.settings.time_zone;
  return (
    <section className="panel settings-section" aria-labelledby="time-zone-heading">
      <div className="panel-header">
        <div>
          <h2 id="time-zone-heading">Reporting time zone</h2>
          <p className="panel-subtitle">
            In this zone: {FOLLOWING}. Always in UTC: {STAYING_UTC}.
          </p>
        </div>
      </div>
      {loaded === undefined && loadError === undefined && (
        <Skeleton label="Loading settings…" size={{ height: 200 }} />
      )}
      {loaded === undefined && loadError !== undefined && (
        <ErrorState message={loadError} onRetry={() => setAttempt((value) => value + 1)} />
      )}
      {zone !== undefined && choice !== undefined && (
        <form className="time-zone-form" onSubmit={save} data-testid="time-zone-form">
          <p>
            Now:{' '}
            <strong data-testid="time-zone-current" data-zone={zone}>
              {describeTimeZone(zone, new Date())}
            </strong>
          </p>
          <TimeZonePicker
            value={choice}
            onChange={choose}
            errorId={refusal === undefined ? undefined : errorId}
          />
          {refusal !== undefined && (
            <p id={errorId} className="form-error" role="alert" data-testid="time-zone-error">
              {refusal.field === undefined
                ? refusal.message
                : `${refusal.field}: ${refusal.message}`}
            </p>
          )}
          <div className="form-actions">
            <button
              type="submit"
              className="button primary"
              disabled={busy || choice === zone}
              data-testid="time-zone-save"
            >
              {busy ? 'Saving…' : choice === zone ? 'In use' : `Use ${choice}`}
            </button>
            {savedZone !== undefined && (
              <span role="status" className="muted" data-testid="time-zone-saved">
                Saved: analytics now count in {describeTimeZone(savedZone, new Date())}.
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
