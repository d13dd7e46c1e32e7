// The database schema, written by hand to match both migrations folders.

diesel::table! {
    places (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        kind -> Text,
        country_code -> Text,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        name_en -> Text,
    }
}

diesel::table! {
    ties (id) {
        id -> Integer,
        slug -> Text,
        place_id -> Integer,
        partner_id -> Integer,
        kind -> Text,
        started_on -> Nullable<Date>,
        started_precision -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    tie_fields (tie_id, field) {
        tie_id -> Integer,
        field -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_places (user_id, place_id) {
        user_id -> Integer,
        place_id -> Integer,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Integer,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        user_agent -> Text,
    }
}

diesel::table! {
    agreements (id) {
        id -> Integer,
        tie_id -> Integer,
        kind -> Text,
        title -> Text,
        signed_on -> Nullable<Date>,
        signed_precision -> Nullable<Text>,
        in_force_from -> Nullable<Date>,
        expires_on -> Nullable<Date>,
        signatories -> Text,
        link -> Nullable<Text>,
        document -> Nullable<Binary>,
        document_media_type -> Nullable<Text>,
        document_name -> Nullable<Text>,
        document_sha256 -> Nullable<Text>,
        note -> Text,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        open_ended -> Bool,
        document_size -> Nullable<Integer>,
    }
}

diesel::table! {
    procedure_steps (id) {
        id -> Integer,
        tie_id -> Integer,
        step -> Text,
        occurred_on -> Nullable<Date>,
        occurred_precision -> Nullable<Text>,
        link -> Nullable<Text>,
        document -> Nullable<Binary>,
        document_media_type -> Nullable<Text>,
        document_name -> Nullable<Text>,
        document_sha256 -> Nullable<Text>,
        note -> Text,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    roadmaps (id) {
        id -> Integer,
        tie_id -> Integer,
        title -> Text,
        period_start -> Nullable<Date>,
        period_end -> Nullable<Date>,
        body_md -> Text,
        budget_amount -> Nullable<Double>,
        budget_currency -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        body_html -> Nullable<Text>,
    }
}

diesel::table! {
    milestones (id) {
        id -> Integer,
        roadmap_id -> Integer,
        title -> Text,
        target -> Text,
        due_on -> Nullable<Date>,
        status -> Text,
        evidence -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    activities (id) {
        id -> Integer,
        tie_id -> Integer,
        occurred_on -> Date,
        kind -> Text,
        title -> Text,
        description -> Text,
        participants_government -> Integer,
        participants_business -> Integer,
        participants_academia -> Integer,
        participants_community -> Integer,
        participants_youth -> Integer,
        cost_amount -> Nullable<Double>,
        cost_currency -> Nullable<Text>,
        evidence_link -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Integer,
        tie_id -> Integer,
        title -> Text,
        period_start -> Nullable<Date>,
        period_end -> Nullable<Date>,
        body_md -> Text,
        author_id -> Nullable<Integer>,
        author_name -> Text,
        independent -> Bool,
        rating_commitment -> Nullable<Integer>,
        rating_participation -> Nullable<Integer>,
        rating_mou -> Nullable<Integer>,
        rating_benefit -> Nullable<Integer>,
        rating_results -> Nullable<Integer>,
        comment_commitment -> Text,
        comment_participation -> Text,
        comment_mou -> Text,
        comment_benefit -> Text,
        comment_results -> Text,
        published_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        body_html -> Nullable<Text>,
    }
}

diesel::table! {
    report_factors (report_id, factor) {
        report_id -> Integer,
        factor -> Text,
    }
}

diesel::table! {
    sources (id) {
        id -> Integer,
        key -> Text,
        kind -> Text,
        author -> Text,
        year -> Text,
        title -> Text,
        publisher -> Text,
        url -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reported_statuses (id) {
        id -> Integer,
        tie_id -> Integer,
        status -> Text,
        note -> Text,
        factors -> Text,
        as_of -> Nullable<Date>,
        as_of_precision -> Nullable<Text>,
        created_at -> Timestamp,
        note_id -> Text,
    }
}

diesel::table! {
    citations (id) {
        id -> Integer,
        source_id -> Integer,
        subject_kind -> Text,
        subject_id -> Integer,
        detail -> Text,
        position -> Integer,
    }
}

diesel::table! {
    revisions (id) {
        id -> Integer,
        subject_kind -> Text,
        subject_id -> Integer,
        tie_id -> Nullable<Integer>,
        version -> Integer,
        action -> Text,
        changed_by -> Nullable<Integer>,
        changed_at -> Timestamp,
        reason -> Text,
        before_json -> Nullable<Text>,
        after_json -> Text,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> Timestamp,
        user_id -> Nullable<Integer>,
        ip -> Nullable<Text>,
        action -> Text,
        subject -> Text,
        detail -> Text,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    submissions (key) {
        key -> Text,
        user_id -> Integer,
        subject_kind -> Text,
        subject_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    data_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    suggestions (id) {
        id -> Integer,
        tie_id -> Nullable<Integer>,
        place_id -> Nullable<Integer>,
        body -> Text,
        source_url -> Nullable<Text>,
        document -> Nullable<Binary>,
        document_name -> Nullable<Text>,
        document_media_type -> Nullable<Text>,
        document_sha256 -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        ip -> Nullable<Text>,
        lang -> Text,
        token_hash -> Text,
        status -> Text,
        reject_reason -> Nullable<Text>,
        decision_note -> Text,
        decided_by -> Nullable<Integer>,
        decided_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(suggestions -> ties (tie_id));
diesel::joinable!(suggestions -> places (place_id));
diesel::joinable!(submissions -> users (user_id));
diesel::joinable!(citations -> sources (source_id));

diesel::joinable!(tie_fields -> ties (tie_id));

diesel::joinable!(user_places -> users (user_id));

diesel::joinable!(user_places -> places (place_id));

diesel::joinable!(sessions -> users (user_id));

diesel::joinable!(agreements -> ties (tie_id));

diesel::joinable!(agreements -> users (created_by));

diesel::joinable!(procedure_steps -> ties (tie_id));

diesel::joinable!(procedure_steps -> users (created_by));

diesel::joinable!(roadmaps -> ties (tie_id));

diesel::joinable!(roadmaps -> users (created_by));

diesel::joinable!(milestones -> roadmaps (roadmap_id));

diesel::joinable!(activities -> ties (tie_id));

diesel::joinable!(activities -> users (created_by));

diesel::joinable!(reports -> ties (tie_id));

diesel::joinable!(reports -> users (author_id));

diesel::joinable!(report_factors -> reports (report_id));

diesel::joinable!(reported_statuses -> ties (tie_id));

diesel::joinable!(revisions -> ties (tie_id));

diesel::joinable!(revisions -> users (changed_by));

diesel::joinable!(audit_log -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    places,
    ties,
    tie_fields,
    users,
    user_places,
    sessions,
    agreements,
    procedure_steps,
    roadmaps,
    milestones,
    activities,
    reports,
    report_factors,
    sources,
    reported_statuses,
    citations,
    revisions,
    audit_log,
    settings,
    submissions,
    data_version,
    sign_in_limits,
    suggestions,
);

diesel::table! {
    sign_in_limits (key) {
        key -> Text,
        attempts -> Integer,
        window_start -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    search_entries (id) {
        id -> Integer,
        kind -> Text,
        slug -> Text,
        tie_slug -> Nullable<Text>,
        title -> Text,
        body -> Text,
        folded -> Text,
        record_id -> Integer,
        tie_id -> Nullable<Integer>,
    }
}

diesel::table! {
    regions (place_id) {
        place_id -> Integer,
        code -> Text,
        province_code -> Text,
    }
}

diesel::table! {
    place_alt_names (id) {
        id -> Integer,
        place_id -> Integer,
        name -> Text,
    }
}

diesel::joinable!(regions -> places (place_id));
diesel::joinable!(place_alt_names -> places (place_id));
diesel::allow_tables_to_appear_in_same_query!(regions, places, place_alt_names);

diesel::table! {
    place_contacts (place_id) {
        place_id -> Integer,
        ppid_name -> Text,
        ppid_email -> Text,
        ppid_phone -> Text,
        ppid_url -> Text,
    }
}

diesel::table! {
    place_redirects (slug) {
        slug -> Text,
        place_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        user_id -> Integer,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(place_contacts -> places (place_id));
diesel::joinable!(place_redirects -> places (place_id));
diesel::allow_tables_to_appear_in_same_query!(place_contacts, places, place_redirects);

diesel::table! {
    tie_assessments (tie_id) {
        tie_id -> Integer,
        methodology_version -> Text,
        assessed_on -> Date,
        agreement_status -> Text,
        activity_status -> Text,
        score -> Integer,
        grade -> Text,
        ceremonial -> Bool,
        has_report -> Bool,
        roadmap -> Bool,
        recent_evaluation -> Bool,
        expires_on -> Nullable<Date>,
        details -> Text,
        place_id -> Integer,
        tie_slug -> Text,
        place_slug -> Text,
        partner_slug -> Text,
        place_name -> Text,
        partner_name -> Text,
        partner_country -> Text,
        far_country -> Text,
        near_kind -> Text,
        signed_year -> Nullable<Integer>,
        signed_on -> Nullable<Date>,
        last_signed_on -> Nullable<Date>,
        reported_status -> Text,
        fields -> Text,
        agreement_kinds -> Text,
        search_id -> Text,
        search_en -> Text,
    }
}

diesel::table! {
    assessment_day (id) {
        id -> Integer,
        day -> Nullable<Date>,
    }
}

diesel::joinable!(tie_assessments -> ties (tie_id));
diesel::allow_tables_to_appear_in_same_query!(tie_assessments, ties);
