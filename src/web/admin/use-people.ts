/** The people of the admin page: the list, the invite form, and tokens issued or revoked. */
import { useState } from "react";
import type { Annotator, Issued } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { useFormSubmit } from "./form";
import { parseAttributes } from "./parse-fields";

export interface PersonForm {
  name: string;
  role: string;
  projects: string[];
  attributes: string;
}

const tokenPath = (annotator: Annotator) =>
  `/api/annotators/${encodeURIComponent(annotator.id)}/token`;

export function usePeople() {
  const [people, reload] = useLoad("annotators", (signal) =>
    api<{ annotators: Annotator[] }>("/api/annotators", { signal }),
  );
  const [form, setForm] = useState<PersonForm>({
    name: "",
    role: "annotator",
    projects: [],
    attributes: "",
  });
  const [invite, setInvite] = useState<Issued | null>(null);
  const { local, action, submitting } = useFormSubmit();
  const submit = submitting(
    () => parseAttributes(form.attributes),
    (attributes) =>
      api<Issued>("/api/annotators", {
        method: "POST",
        body: { name: form.name.trim(), role: form.role, projects: form.projects, attributes },
      }),
    (answer) => {
      setInvite(answer);
      setForm({ ...form, name: "", attributes: "" });
      reload();
    },
  );
  const newToken = async (annotator: Annotator) => {
    const answer = await action.run(() => api<Issued>(tokenPath(annotator), { method: "POST" }));
    if (answer) setInvite(answer);
  };
  const revoke = async (annotator: Annotator) => {
    if (!window.confirm(`Revoke ${annotator.name}'s token? Their link stops working at once.`))
      return;
    const done = await action.run(async () => {
      await api(tokenPath(annotator), { method: "DELETE" });
      return true;
    });
    if (done) setInvite(null);
  };
  return { people, reload, form, setForm, invite, local, action, submit, newToken, revoke };
}
