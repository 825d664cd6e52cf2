/**
 * What the admin forms share: labelled fields, a submit that parses the free-text fields first
 * (an error shows at once, nothing is sent) and then sends, and the two kinds of error that
 * follow — the browser's parse and the server's answer.
 */
import { type FormEvent, type ReactNode, useState } from "react";
import type { ApiFailure } from "../shared/api";
import { useAction } from "../shared/hooks";
import { ErrorNote } from "../shared/Status";

export function useFormSubmit() {
  const [local, setLocal] = useState<string | null>(null);
  const action = useAction();
  /** A submit handler: `parse` may throw an Error to show; `send` runs with what it parsed. */
  const submitting =
    <P, T>(
      parse: () => P,
      send: (parsed: P) => Promise<T | undefined>,
      done: (answer: T) => void,
    ) =>
    async (event: FormEvent) => {
      event.preventDefault();
      setLocal(null);
      let parsed: P;
      try {
        parsed = parse();
      } catch (error) {
        setLocal((error as Error).message);
        return;
      }
      const answer = await action.run(() => send(parsed));
      if (answer) done(answer);
    };
  return { local, action, submitting };
}

export function FormErrors({ local, error }: { local: string | null; error: ApiFailure | null }) {
  return (
    <>
      {local ? (
        <p className="error" role="alert">
          {local}
        </p>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}

/** A labelled text box in a form row. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <div>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        {...(props.required ? { required: true } : {})}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...(props.placeholder === undefined ? {} : { placeholder: props.placeholder })}
      />
    </div>
  );
}

/** A labelled choice in a form row. */
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
    </div>
  );
}
