{{- /* One Deployment per enabled app, all from the same image; `entry` picks the app. */ -}}
{{- range $name, $app := .Values.apps }}
{{- if $app.enabled }}
{{- $appName := include "lienthong.appName" (dict "root" $ "app" $name) }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $appName }}
  labels:
    {{- include "lienthong.labels" $ | nindent 4 }}
    {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 4 }}
spec:
  replicas: {{ $app.replicas }}
  selector:
    matchLabels:
      {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 6 }}
  # Surge before stopping: an adapter replica is only ready once it holds a verified configuration.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "lienthong.labels" $ | nindent 8 }}
        {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 8 }}
      annotations:
        # Roll the pods when their non-secret environment changes.
        checksum/config: {{ include (print $.Template.BasePath "/configmap.tpl") $ | sha256sum }}
    spec:
      {{- with $.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      automountServiceAccountToken: false
      securityContext:
        {{- toYaml $.Values.podSecurityContext | nindent 8 }}
      # Nest shutdown hooks drain the NATS connection; give them time before SIGKILL.
      terminationGracePeriodSeconds: 30
      {{- if $.Values.spreadAcrossNodes }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ $name }}
          image: {{ include "lienthong.image" $ | quote }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          command: ["node", {{ $app.entry | quote }}]
          ports:
            - name: http
              containerPort: {{ $app.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "lienthong.fullname" $ }}-common
            - configMapRef:
                name: {{ $appName }}
            {{- if $app.envSecret }}
            - secretRef:
                name: {{ $app.envSecret }}
            {{- end }}
          readinessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: {{ $.Values.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $.Values.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $.Values.probes.readiness.failureThreshold }}
          livenessProbe:
            tcpSocket:
              port: http
            periodSeconds: {{ $.Values.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $.Values.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $.Values.probes.liveness.failureThreshold }}
          # Boot runs migrations and connects to NATS and PostgreSQL before the port opens.
          startupProbe:
            tcpSocket:
              port: http
            periodSeconds: {{ $.Values.probes.startup.periodSeconds }}
            failureThreshold: {{ $.Values.probes.startup.failureThreshold }}
          securityContext:
            {{- toYaml $.Values.containerSecurityContext | nindent 12 }}
          resources:
            {{- toYaml (default $.Values.resources $app.resources) | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- range $index, $mount := $app.secretMounts }}
            - name: secret-{{ $index }}
              mountPath: {{ $mount.mountPath }}
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- range $index, $mount := $app.secretMounts }}
        - name: secret-{{ $index }}
          secret:
            secretName: {{ $mount.secret }}
            # Group-readable through fsGroup: the app runs as a non-root user.
            defaultMode: 0440
        {{- end }}
{{- end }}
{{- end }}
