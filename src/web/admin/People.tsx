/** The admin page's people: the invite form, the link just issued, and everyone's tokens. */
import type { Project } from "../../api";
import { Await } from "../shared/Status";
import { FormErrors } from "./form";
import { InviteLink } from "./InviteLink";
import { PeopleTable } from "./PeopleTable";
import { PersonFields } from "./PersonFields";
import { usePeople } from "./use-people";

export function People({ projects }: { projects: readonly Project[] }) {
  const people = usePeople();
  const { action } = people;
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <form onSubmit={people.submit}>
        <PersonFields form={people.form} setForm={people.setForm} projects={projects} />
        <button type="submit" className="primary" disabled={action.busy}>
          Create invite link
        </button>
      </form>
      <FormErrors local={people.local} error={action.error} />
      {people.invite ? <InviteLink invite={people.invite} /> : null}
      <Await value={people.people} what="people" retry={people.reload}>
        {(answer) => (
          <PeopleTable
            annotators={answer?.annotators ?? []}
            busy={action.busy}
            onNewToken={(a) => void people.newToken(a)}
            onRevoke={(a) => void people.revoke(a)}
          />
        )}
      </Await>
    </section>
  );
}
