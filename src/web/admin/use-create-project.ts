/** The new-project form: its fields, and creating the project they describe. */
import { useState } from "react";
import type { Criterion, Project } from "../../api";
import { api } from "../shared/api";
import { useFormSubmit } from "./form";
import { parseCriteria } from "./parse-fields";

export interface ProjectForm {
  id: string;
  name: string;
  mode: string;
  task: string;
  strength: boolean;
  rankingSize: number;
  criteria: string;
  instructions: string;
}

const EMPTY: ProjectForm = {
  id: "",
  name: "",
  mode: "arena",
  task: "pair",
  strength: false,
  rankingSize: 4,
  criteria: "overall 1 5",
  instructions: "",
};

/** The settings the form asks for: a queue's task options only when it is a queue. */
function settingsOf(form: ProjectForm, criteria: Criterion[]) {
  const queue = form.mode === "queue";
  return {
    mode: form.mode,
    ...(queue ? { task: form.task, strength: form.strength } : {}),
    ...(queue && form.task === "ranking" ? { ranking_size: form.rankingSize } : {}),
    ...(queue && form.task === "rating" ? { criteria } : {}),
    ...(form.instructions.trim() ? { instructions: form.instructions.trim() } : {}),
  };
}

export function useCreateProject(onCreated: () => void) {
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<Project | null>(null);
  const { local, action, submitting } = useFormSubmit();
  const submit = submitting(
    () => parseCriteria(form.criteria),
    (criteria) =>
      api<{ project: Project }>("/api/projects", {
        method: "POST",
        body: {
          ...(form.id.trim() ? { id: form.id.trim() } : {}),
          name: form.name.trim(),
          settings: settingsOf(form, criteria),
        },
      }),
    (answer) => {
      setCreated(answer.project);
      onCreated();
    },
  );
  const set = (patch: Partial<ProjectForm>) => setForm({ ...form, ...patch });
  return { form, set, submit, created, local, action };
}
